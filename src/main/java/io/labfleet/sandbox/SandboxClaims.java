package io.labfleet.sandbox;

import io.labfleet.commons.RowLocks;
import io.labfleet.provisioner.ActiveBackend;
import io.labfleet.provisioner.SandboxProvisioner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place where sandbox rows change under a lock: lock the row, check its state, change it, commit, then
 * publish the change (never before the commit: a listener never sees what did not happen). Whoever changes a
 * sandbox's state (the use cases, the jobs, the reaper, the reconciler, the warm pools) goes through here.
 *
 * <ul>
 *   <li>One row ({@link #update}, {@link #move(String, SandboxState, String)}): locked and waited for; of two
 *       replicas moving one sandbox, the second sees the first's result and its move is refused.</li>
 *   <li>Batches ({@link #move(Set, SandboxCondition, SandboxState, Function)}, {@link #takeOver}): claimed with
 *       {@code SELECT … FOR UPDATE SKIP LOCKED}: the condition is checked on locked rows and the change is committed
 *       before anyone acts on it, so of several replicas exactly one claims each row, and a row another replica is
 *       changing is left for the next pass.</li>
 *   <li>Job claims ({@link Sandbox#claimedBy}): the replica doing a sandbox's runtime work signs the row while the job
 *       is queued or running, and renews the signature as long as it lives ({@link #renewJobClaims}).</li>
 * </ul>
 */
@ApplicationScoped
public class SandboxClaims {

    private static final Logger LOG = Logger.getLogger(SandboxClaims.class);
    /** Rows claimed per kind of work and pass; the next pass takes the rest. */
    static final int BATCH = 50;

    /** Changes a locked sandbox if its state allows, saying whether it did. */
    @FunctionalInterface
    public interface Change {
        boolean apply(Sandbox sandbox);
    }

    private final SandboxEvents events;
    private final Clock clock;
    private final String backend;
    private final Replica replica;

    SandboxClaims(SandboxEvents events, Clock clock, @ActiveBackend SandboxProvisioner provisioner, Replica replica) {
        this.events = events;
        this.clock = clock;
        this.backend = provisioner.backend();
        this.replica = replica;
    }

    /**
     * Locks the sandbox's row (waiting for whoever holds it) and lets {@code change} change it, in a transaction of
     * its own; publishes the sandbox once committed if it was changed. Whatever {@code change} throws rolls it back.
     *
     * @return the sandbox as changed, or empty when there is none or {@code change} left it as it was
     */
    public Optional<Sandbox> update(String sandboxId, Change change) {
        Optional<Sandbox> changed = updateUnpublished(sandboxId, change);
        changed.ifPresent(sandbox -> events.publish(SandboxEvent.state(sandbox)));
        return changed;
    }

    /** Like {@link #update}, without telling the event streams: for what only the next state change shows. */
    public Optional<Sandbox> updateUnpublished(String sandboxId, Change change) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Sandbox sandbox = Sandbox.lock(sandboxId);
            return sandbox != null && change.apply(sandbox) ? Optional.of(sandbox) : Optional.<Sandbox>empty();
        });
    }

    /**
     * Moves the sandbox to {@code next} if the state machine allows it from its current state, and publishes the
     * change once committed.
     *
     * @return the sandbox after the move, or empty when the move was not allowed (someone else moved it)
     */
    public Optional<Sandbox> move(String sandboxId, SandboxState next, String reason) {
        return move(sandboxId, next, reason, sandbox -> {
        });
    }

    /**
     * Like {@link #move(String, SandboxState, String)}, and runs {@code alsoBeforeCommit} on the sandbox, as it
     * was before the move, in the same transaction: what it writes commits with the move or not at all.
     */
    public Optional<Sandbox> move(String sandboxId, SandboxState next, String reason,
                                  Consumer<Sandbox> alsoBeforeCommit) {
        Optional<Sandbox> moved = update(sandboxId, sandbox -> {
            if (!sandbox.state.canMoveTo(next)) {
                return false;
            }
            alsoBeforeCommit.accept(sandbox);
            sandbox.moveTo(next, reason, clock.instant());
            return true;
        });
        moved.ifPresent(sandbox -> LOG.infof("Sandbox %s is now %s: %s", sandboxId, next, reason));
        return moved;
    }

    /**
     * Moves the sandboxes of this backend in one of {@code from} that meet {@code condition} to {@code to}, with a
     * reason made for each, and publishes the changes.
     *
     * @return the ids of the sandboxes moved
     */
    public List<String> move(Set<SandboxState> from, SandboxCondition condition, SandboxState to,
                             Function<Sandbox, String> reason) {
        return ids(moveLocked(() -> lock(from, condition.hql, parameters(condition)), to, reason));
    }

    /**
     * Signs for a job of this replica the sandboxes of this backend in one of {@code from} that meet
     * {@code condition} and that no other transaction holds, in one transaction.
     *
     * @return the ids of the sandboxes claimed
     */
    List<String> claimForJobs(Set<SandboxState> from, SandboxCondition condition) {
        Instant now = clock.instant();
        return ids(QuarkusTransaction.requiringNew().call(() -> {
            List<Sandbox> rows = lock(from, condition.hql, parameters(condition));
            rows.forEach(sandbox -> {
                sandbox.claimedBy = replica.id();
                sandbox.claimedUntil = now.plus(replica.lease());
            });
            return rows;
        }));
    }

    /**
     * Moves the rows {@code lockRows} locks, in the transaction that locked them, to {@code to}, with a reason made
     * for each, and publishes the changes once committed.
     *
     * @return the sandboxes moved
     */
    List<Sandbox> moveLocked(Supplier<List<Sandbox>> lockRows, SandboxState to, Function<Sandbox, String> reason) {
        List<Sandbox> moved = QuarkusTransaction.requiringNew().call(() -> {
            List<Sandbox> rows = lockRows.get();
            rows.forEach(sandbox -> sandbox.moveTo(to, reason.apply(sandbox), clock.instant()));
            return rows;
        });
        moved.forEach(sandbox -> {
            LOG.infof("Sandbox %s is now %s: %s", sandbox.id, to, sandbox.reason);
            events.publish(SandboxEvent.state(sandbox));
        });
        return moved;
    }

    /**
     * Takes over for this replica the work on sandboxes in {@code state} that their replica left: its claim
     * ({@link Sandbox#claimedBy}) lapsed, or it is this replica's own from before a restart. Also takes those
     * nobody claims that meet {@code unclaimed} (e.g. waiting for too long). Their {@code updatedAt}
     * becomes now.
     *
     * @return the ids of the sandboxes taken over
     */
    public List<String> takeOver(SandboxState state, SandboxCondition unclaimed) {
        return takeOver(Set.of(state), SandboxCondition.ALL, unclaimed);
    }

    /**
     * Like {@link #takeOver(SandboxState, SandboxCondition)}, for sandboxes in one of {@code states} that meet
     * {@code only} (claimed or not): the work left on them is of one kind, which {@code only} tells apart.
     */
    public List<String> takeOver(Set<SandboxState> states, SandboxCondition only, SandboxCondition unclaimed) {
        Instant now = clock.instant();
        Parameters parameters = parameters(unclaimed).and("claimNow", now).and("me", replica.id())
                .and("ownPrefix", replica.claimPrefix()).and("ownPrefixLength", replica.claimPrefix().length());
        only.parameters.forEach(parameters::and);
        String left = "claimedBy is not null and (claimedUntil <= :claimNow"
                + " or (substring(claimedBy, 1, :ownPrefixLength) = :ownPrefix and claimedBy <> :me))";
        String condition = "(" + only.hql + ") and ((" + left + ") or (claimedBy is null and (" + unclaimed.hql + ")))";
        return ids(QuarkusTransaction.requiringNew().call(() -> {
            List<Sandbox> rows = lock(states, condition, parameters);
            rows.forEach(sandbox -> {
                sandbox.updatedAt = now;
                sandbox.claimedBy = replica.id();
                sandbox.claimedUntil = now.plus(replica.lease());
            });
            return rows;
        }));
    }

    /** Call in a transaction: locks up to a batch of this backend's rows, skipping those another one holds. */
    private List<Sandbox> lock(Set<SandboxState> states, String condition, Parameters parameters) {
        parameters.and("states", states).and("backend", backend);
        return RowLocks.skippingLocked(Sandbox.<Sandbox>find("state in :states and backend = :backend and ("
                        + condition + ")", parameters))
                .page(Page.ofSize(BATCH))
                .list();
    }

    private static Parameters parameters(SandboxCondition condition) {
        Parameters parameters = new Parameters();
        condition.parameters.forEach(parameters::and);
        return parameters;
    }

    /**
     * Signs the sandbox for a job of this replica, whoever held it: a job a use case or a lifecycle claim just
     * decided on (a teardown after a delete) outranks the work it ends.
     */
    void claimForJob(String sandboxId) {
        QuarkusTransaction.requiringNew().run(() -> Sandbox.update("claimedBy = ?1, claimedUntil = ?2 where id = ?3",
                replica.id(), clock.instant().plus(replica.lease()), sandboxId));
    }

    /**
     * Signs the sandbox for a job of this replica unless another replica's claim holds (one not lapsed): of several
     * replicas deciding on the same work, one does it.
     *
     * @return whether this replica holds the claim now
     */
    boolean claimForJobIfFree(String sandboxId) {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> Sandbox.update("claimedBy = ?1, claimedUntil = ?2"
                        + " where id = ?3 and (claimedBy is null or claimedBy = ?1 or claimedUntil <= ?4)",
                replica.id(), now.plus(replica.lease()), sandboxId, now)) > 0;
    }

    /** Gives the sandbox's claim back after a job, if this replica still holds it. */
    void releaseJobClaim(String sandboxId) {
        QuarkusTransaction.requiringNew().run(() -> Sandbox.update(
                "claimedBy = null, claimedUntil = null where id = ?1 and claimedBy = ?2", sandboxId, replica.id()));
    }

    /**
     * Gives the sandbox's claim back after a job, if this replica still holds it and the sandbox is still in one of
     * {@code states}: a job decided on since (a teardown after a delete) signed it again, and keeps it.
     */
    void releaseJobClaimWhile(String sandboxId, Set<SandboxState> states) {
        QuarkusTransaction.requiringNew().run(() -> Sandbox.update("claimedBy = null, claimedUntil = null"
                + " where id = ?1 and claimedBy = ?2 and state in ?3", sandboxId, replica.id(), states));
    }

    /** Pushes back the end of every claim this replica holds by a lease. */
    void renewJobClaims() {
        QuarkusTransaction.requiringNew().run(() -> Sandbox.update(
                "claimedUntil = ?1 where claimedBy = ?2", clock.instant().plus(replica.lease()), replica.id()));
    }

    /** Whether another replica holds the sandbox's claim (it took the work over when this one's lapsed). */
    boolean claimedByAnother(Sandbox sandbox) {
        return sandbox.claimedBy != null && !sandbox.claimedBy.equals(replica.id());
    }

    /** Like {@link #claimedByAnother(Sandbox)}, read afresh. */
    boolean claimedByAnother(String sandboxId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Sandbox sandbox = Sandbox.findById(sandboxId);
            return sandbox != null && claimedByAnother(sandbox);
        });
    }

    private static List<String> ids(List<Sandbox> sandboxes) {
        return sandboxes.stream().map(sandbox -> sandbox.id).toList();
    }
}
