package io.labfleet.security;

import java.util.Set;

/**
 * Who is calling: the tenant from the token's tenant claim, the learner id from its subject, and roles.
 * Plain value; access rules live in {@link AccessPolicy}.
 */
public record Caller(String tenantId, String subject, String displayName, Set<String> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    public boolean isInstructor() {
        return roles.contains(Role.INSTRUCTOR);
    }

    public boolean hasTenant() {
        return tenantId != null && !tenantId.isBlank();
    }
}
