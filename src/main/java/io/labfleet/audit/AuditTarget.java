package io.labfleet.audit;

/**
 * The resource an audited action touched: its kind, id, tenant and owner (subject and display name); tenant and owner
 * are null for what belongs to the whole service (a lab's warm pool).
 */
public record AuditTarget(String type, String id, String tenantId, String ownerId, String ownerName) {

    public static AuditTarget sandbox(String id, String tenantId, String ownerId, String ownerName) {
        return new AuditTarget("sandbox", id, tenantId, ownerId, ownerName);
    }

    /** A lab's warm pool, which belongs to no tenant. */
    public static AuditTarget warmPool(String labId) {
        return new AuditTarget("warm-pool", labId, null, null, null);
    }
}
