package io.labfleet.sandbox;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Which sandboxes a batch claim ({@link SandboxClaims#move}, {@link SandboxClaims#takeOver}) takes, besides their
 * state and backend. Made only here, so that every query on the sandbox table is written in this package: the
 * lifecycle passes say what is due, not how the table is asked.
 */
public final class SandboxCondition {

    /** Takes nothing (for a take-over that only picks up claims left by their replica). */
    public static final SandboxCondition NONE = new SandboxCondition("1 = 0", Map.of());
    /** Takes every one (for a take-over of every claim left in a state). */
    public static final SandboxCondition ALL = new SandboxCondition("1 = 1", Map.of());

    final String hql;
    final Map<String, Object> parameters;

    private SandboxCondition(String hql, Map<String, Object> parameters) {
        this.hql = hql;
        this.parameters = parameters;
    }

    /** Due to expire at {@code moment} or before. */
    public static SandboxCondition expiresBy(Instant moment) {
        return new SandboxCondition("expiresAt <= :expiresBy", Map.of("expiresBy", moment));
    }

    /** Without SSH or Docker activity since {@code since}. */
    public static SandboxCondition inactiveSince(Instant since) {
        return new SandboxCondition("lastActivityAt <= :inactiveSince", Map.of("inactiveSince", since));
    }

    /**
     * May be suspended: running, owned by a learner (a pooled sandbox waits to be claimed at once), no job of any
     * replica on it (a claim lapsed at {@code now} is none: its replica died), without activity since {@code since},
     * and not one of {@code notThese}.
     */
    public static SandboxCondition suspendable(Instant since, Instant now, Collection<String> notThese) {
        String hql = "suspendedAt is null and imagesPending = false and learnerId is not null"
                + " and (claimedBy is null or claimedUntil <= :claimNow)"
                + " and lastActivityAt <= :idleSince";
        return notThese.isEmpty() ? new SandboxCondition(hql, Map.of("idleSince", since, "claimNow", now))
                : new SandboxCondition(hql + " and id not in :notThese",
                Map.of("idleSince", since, "claimNow", now, "notThese", notThese));
    }

    /** Still waiting for its lab's images ({@link Sandbox#imagesPending}). */
    public static SandboxCondition imagesPending() {
        return new SandboxCondition("imagesPending = true", Map.of());
    }

    /** Still waiting for its lab's images, READY since {@code since} or before. */
    public static SandboxCondition imagesPendingSince(Instant since) {
        return new SandboxCondition("imagesPending = true and readyAt <= :readySince", Map.of("readySince", since));
    }

    /** Not changed since {@code since}. */
    public static SandboxCondition unchangedSince(Instant since) {
        return new SandboxCondition("updatedAt <= :unchangedSince", Map.of("unchangedSince", since));
    }

    /** This one sandbox. */
    public static SandboxCondition id(String sandboxId) {
        return new SandboxCondition("id = :sandboxId", Map.of("sandboxId", sandboxId));
    }

    /** These sandboxes. */
    public static SandboxCondition idIn(Collection<String> sandboxIds) {
        return new SandboxCondition("id in :sandboxIds", Map.of("sandboxIds", sandboxIds));
    }

    @Override
    public String toString() {
        return hql + " " + parameters;
    }
}
