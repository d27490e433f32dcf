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

    /**
     * What a listing may show the caller, given the tenant and owner they filter on (null: any): admins any
     * tenant, instructors their own tenant, everyone else only their own resources. A filter outside that
     * gives an empty listing, not an error.
     *
     * @throws MissingTenantException for a caller who is not an admin and names no tenant: such a caller owns
     *                                nothing, and must never fall through to "every tenant"
     */
    public static ListingScope listingScope(Caller caller, String wantedTenant, String wantedOwner) {
        if (caller.isAdmin()) {
            return new ListingScope(false, wantedTenant, wantedOwner);
        }
        if (!caller.hasTenant()) {
            throw new MissingTenantException();
        }
        boolean otherTenant = wantedTenant != null && !wantedTenant.equals(caller.tenantId());
        if (caller.isInstructor()) {
            return new ListingScope(otherTenant, caller.tenantId(), wantedOwner);
        }
        boolean otherOwner = wantedOwner != null && !wantedOwner.equals(caller.subject());
        return new ListingScope(otherTenant || otherOwner, caller.tenantId(), caller.subject());
    }

    /**
     * The limits a listing applies.
     *
     * @param nothing  the filters ask for what the caller may not see: the listing is empty
     * @param tenantId the only tenant to list, or null for any
     * @param ownerId  the only owner to list, or null for any
     */
    public record ListingScope(boolean nothing, String tenantId, String ownerId) {
    }
}
