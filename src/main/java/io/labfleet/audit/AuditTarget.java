package io.labfleet.audit;

/** The resource an audited action touched: its kind, id, tenant and owner (subject and display name). */
public record AuditTarget(String type, String id, String tenantId, String ownerId, String ownerName) {

    public static AuditTarget sandbox(String id, String tenantId, String ownerId, String ownerName) {
        return new AuditTarget("sandbox", id, tenantId, ownerId, ownerName);
    }
}
