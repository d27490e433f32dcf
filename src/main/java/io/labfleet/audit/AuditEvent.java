package io.labfleet.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One audited action: who did what to which resource of which tenant, and when. Never changed once written. */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    public static final int MAX_DETAIL_LENGTH = 1000;

    @Id
    public String id;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    /** The tenant the target belongs to (whose instructors may read this entry); null: the service's, admins only. */
    @Column(name = "tenant_id")
    public String tenantId;

    /** The actor's token subject. */
    @Column(name = "actor_id", nullable = false)
    public String actorId;

    @Column(name = "actor_name")
    public String actorName;

    /** The role the actor acted with: {@code admin} or {@code instructor}. */
    @Column(name = "actor_role", nullable = false)
    public String actorRole;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AuditAction action;

    @Column(name = "target_type", nullable = false)
    public String targetType;

    @Column(name = "target_id", nullable = false)
    public String targetId;

    /** Whose resource it was (the learner's subject). */
    @Column(name = "target_owner")
    public String targetOwner;

    @Column(name = "target_owner_name")
    public String targetOwnerName;

    /** What changed, for people, e.g. the new expiry. */
    public String detail;
}
