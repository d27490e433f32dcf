package io.labfleet.lifecycle;

import io.labfleet.provisioner.ActiveBackend;
import io.labfleet.provisioner.SandboxProvisioner;
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

    SandboxClaims(SandboxEvents events, Clock clock, @ActiveBackend SandboxProvisioner provisioner) {
        this.events = events;
        this.clock = clock;
        this.backend = provisioner.backend();
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
     * Marks the sandboxes in {@code state} that meet {@code condition} as just handled (their {@code updatedAt}
     * becomes now), so that other replicas leave them alone until the condition holds again.
     *
     * @return the ids of the sandboxes claimed
     */
    public List<String> touch(SandboxState state, String condition, Parameters parameters) {
        return ids(claim(Set.of(state), condition, parameters, sandbox -> sandbox.updatedAt = clock.instant()));
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
