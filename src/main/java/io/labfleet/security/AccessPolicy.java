package io.labfleet.security;

/**
 * Who may see what: an admin everything, an instructor their tenant's resources, anyone else only
 * their own. Pure rules, used for every read and write of a learner-owned resource.
 */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    public static boolean canSee(Caller caller, String tenantId, String ownerId) {
        if (caller.isAdmin()) {
            return true;
        }
        if (!caller.hasTenant() || !caller.tenantId().equals(tenantId)) {
            return false;
        }
        return caller.isInstructor() || caller.subject().equals(ownerId);
    }

    /** The tenant a listing is limited to: none for admins (null), the caller's own for everyone else. */
    public static String listingTenant(Caller caller) {
        return caller.isAdmin() ? null : caller.tenantId();
    }

    /** The owner a listing is limited to: none for instructors and admins (null), the caller otherwise. */
    public static String listingOwner(Caller caller) {
        return caller.isAdmin() || caller.isInstructor() ? null : caller.subject();
    }
}
