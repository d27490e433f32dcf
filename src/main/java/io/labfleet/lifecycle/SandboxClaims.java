package io.labfleet.lifecycle;

import io.labfleet.provisioner.ActiveBackend;
import io.labfleet.provisioner.SandboxProvisioner;
import io.labfleet.sandbox.Replica;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxEvent;
import io.labfleet.sandbox.SandboxEvents;
import io.labfleet.sandbox.SandboxState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.Timeouts;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Claims sandboxes of this backend for lifecycle work with {@code SELECT … FOR UPDATE SKIP LOCKED}: the
 * condition is checked on locked rows and the change is committed before anyone acts on it, so of several
 * replicas exactly one claims each row, and a row another replica is changing is left for the next pass.
 */
@ApplicationScoped
public class SandboxClaims {

    private static final Logger LOG = Logger.getLogger(SandboxClaims.class);
    /** Rows claimed per kind of work and pass; the next pass takes the rest. */
    static final int BATCH = 50;

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
     * Moves the sandboxes in one of {@code from} that meet {@code condition} to {@code to}, with a reason made
     * for each, and publishes the changes.
     *
     * @return the ids of the sandboxes moved
     */
    public List<String> move(Set<SandboxState> from, String condition, Parameters parameters, SandboxState to,
                             Function<Sandbox, String> reason) {
        List<Sandbox> moved = claim(from, condition, parameters,
                sandbox -> sandbox.moveTo(to, reason.apply(sandbox), clock.instant()));
        moved.forEach(sandbox -> {
            LOG.infof("Sandbox %s is now %s: %s", sandbox.id, to, sandbox.reason);
            events.publish(SandboxEvent.state(sandbox));
        });
        return ids(moved);
    }

    /**
     * Takes over for this replica the work on sandboxes in {@code state} that their replica left: its claim
     * ({@link Sandbox#claimedBy}) lapsed, or it is this replica's own from before a restart. Also takes those
     * nobody claims that meet {@code unclaimedCondition} (e.g. waiting for too long). Their {@code updatedAt}
     * becomes now.
     *
     * @return the ids of the sandboxes taken over
     */
    public List<String> takeOver(SandboxState state, String unclaimedCondition, Parameters parameters) {
        Instant now = clock.instant();
        parameters.and("claimNow", now).and("me", replica.id()).and("ownPrefix", replica.claimPrefix())
                .and("ownPrefixLength", replica.claimPrefix().length());
        String left = "claimedBy is not null and (claimedUntil <= :claimNow"
                + " or (substring(claimedBy, 1, :ownPrefixLength) = :ownPrefix and claimedBy <> :me))";
        return ids(claim(Set.of(state), "(" + left + ") or (claimedBy is null and (" + unclaimedCondition + "))",
                parameters, sandbox -> {
                    sandbox.updatedAt = now;
                    sandbox.claimedBy = replica.id();
                    sandbox.claimedUntil = now.plus(replica.lease());
                }));
    }

    private List<Sandbox> claim(Set<SandboxState> states, String condition, Parameters parameters,
                                Consumer<Sandbox> change) {
        parameters.and("states", states).and("backend", backend);
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Sandbox> rows = Sandbox.<Sandbox>find("state in :states and backend = :backend and (" + condition + ")",
                            parameters)
                    .withLock(LockModeType.PESSIMISTIC_WRITE)
                    .withHint(LifecycleLeases.LOCK_TIMEOUT_HINT, Timeouts.SKIP_LOCKED_MILLI)
                    .page(Page.ofSize(BATCH))
                    .list();
            rows.forEach(change);
            return rows;
        });
    }

    private static List<String> ids(List<Sandbox> sandboxes) {
        return sandboxes.stream().map(sandbox -> sandbox.id).toList();
    }
}
