package io.labfleet.sandbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/** One learner's Docker engine for one lab. The database row is the truth; the runtime follows it. */
@Entity
@Table(name = "sandbox")
public class Sandbox extends PanacheEntityBase {

    public static final int MAX_REASON_LENGTH = 1000;

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "learner_id", nullable = false)
    public String learnerId;

    @Column(name = "learner_name")
    public String learnerName;

    @Column(name = "lab_id", nullable = false)
    public String labId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SandboxState state;

    /** Why the sandbox is in its state, in words a person can act on (always set for FAILED). */
    public String reason;

    @Column(nullable = false)
    public String backend;

    /** Where the service reaches the sandbox's Docker daemon (set once provisioned). */
    @Column(name = "daemon_host")
    public String daemonHost;

    @Column(name = "daemon_port")
    public Integer daemonPort;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "ready_at")
    public Instant readyAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "terminated_at")
    public Instant terminatedAt;

    @Column(name = "last_activity_at")
    public Instant lastActivityAt;

    /** The replica ({@link Replica#id()}) doing this sandbox's provisioning or teardown, if one is. */
    @Column(name = "claimed_by")
    public String claimedBy;

    /** Until when {@link #claimedBy}'s claim holds unless that replica renews it. */
    @Column(name = "claimed_until")
    public Instant claimedUntil;

    @Version
    public long version;

    /**
     * Moves to {@code next}, recording when and why.
     *
     * @throws IllegalStateTransitionException when the state machine does not allow it
     */
    public void moveTo(SandboxState next, String why, Instant now) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateTransitionException(
                    "Sandbox " + id + " is " + state + " and cannot become " + next + ".");
        }
        state = next;
        reason = truncate(why);
        updatedAt = now;
        if (next == SandboxState.READY && readyAt == null) {
            readyAt = now;
        }
        if (next.isFinal()) {
            terminatedAt = now;
        }
    }

    static String truncate(String why) {
        if (why == null || why.length() <= MAX_REASON_LENGTH) {
            return why;
        }
        return why.substring(0, MAX_REASON_LENGTH - 1) + "…";
    }
}
