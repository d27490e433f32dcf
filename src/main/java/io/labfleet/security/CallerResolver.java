package io.labfleet.security;

import io.labfleet.tenant.TenantIds;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;

import java.security.Principal;

/**
 * Turns the authenticated identity (an OIDC token, or a dev login) into a {@link Caller}, and puts the
 * tenant into the log context of the request.
 */
@RequestScoped
public class CallerResolver {

    /** Identity attribute that carries the tenant when the login is not a token (dev login). */
    public static final String TENANT_ATTRIBUTE = "labfleet.tenant";

    private final SecurityIdentity identity;
    private final TenantClaim tenantClaim;
    private Caller caller;

    CallerResolver(SecurityIdentity identity, TenantClaim tenantClaim) {
        this.identity = identity;
        this.tenantClaim = tenantClaim;
    }

    public Caller current() {
        if (caller == null) {
            caller = resolve();
            if (caller.hasTenant()) {
                MDC.put("tenant", caller.tenantId());
            }
        }
        return caller;
    }

    /** The caller, who must belong to a tenant (everyone but a tenant-less admin does). */
    public Caller currentWithTenant() {
        Caller current = current();
        if (!current.hasTenant()) {
            throw new MissingTenantException(tenantClaim.name());
        }
        return current;
    }

    /**
     * The caller for a listing: an admin, who sees every tenant, or someone who belongs to a tenant. A
     * tenant-less instructor would otherwise be limited to no tenant at all, which reads as "every tenant".
     */
    public Caller currentForListing() {
        Caller current = current();
        return current.isAdmin() ? current : currentWithTenant();
    }

    private Caller resolve() {
        Principal principal = identity.getPrincipal();
        String tenant = identity.getAttribute(TENANT_ATTRIBUTE);
        String subject = principal.getName();
        String displayName = principal.getName();
        if (principal instanceof JsonWebToken jwt) {
            tenant = tenantOf(jwt, tenantClaim.name());
            subject = SubjectRequiredAugmentor.subjectOf(jwt);
            String preferred = jwt.getClaim("preferred_username");
            displayName = preferred != null ? preferred : jwt.getName();
        }
        return new Caller(tenant, subject, displayName, identity.getRoles());
    }

    /** The token's tenant, which must follow {@link TenantIds#RULE}; null when the token names none. */
    private static String tenantOf(JsonWebToken jwt, String claimName) {
        Object claim = jwt.getClaim(claimName);
        if (claim == null) {
            return null;
        }
        String tenant = claim instanceof JsonString json ? json.getString() : claim instanceof String text ? text : null;
        if (!TenantIds.isValid(tenant)) {
            throw new InvalidClaimException(claimName, "a string of " + TenantIds.RULE);
        }
        return tenant;
    }
}
