package io.labfleet.validation;

import io.labfleet.config.ValidationConfig;
import io.labfleet.sandbox.SandboxState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Makes sure no run stays RUNNING for ever. At start-up, the runs this replica was working on when it stopped
 * (claimed under its name before it started) end ERROR: their worker is gone. At any time, a run RUNNING for
 * longer than {@code labfleet.validation.run-timeout} (and one check timeout more, the time a live worker needs to
 * end its own run at the run timeout) ends ERROR whoever claimed it: its replica died or hung.
 * Queued runs need nothing: the workers' sweep claims them. And the helpers remembered for a sandbox that ended
 * are forgotten: no check will look at its daemon again.
 */
@ApplicationScoped
public class ValidationRecovery {

    private static final Logger LOG = Logger.getLogger(ValidationRecovery.class);

    static final String INTERRUPTED_FR =
            "La validation a été interrompue par un redémarrage du service. Relancez-la.";
    static final String INTERRUPTED_EN = "The validation was interrupted by a restart of the service. Start it again.";
    static final String ABANDONED_FR = "La validation n'a pas abouti à temps (le serveur qui la menait s'est arrêté). "
            + "Relancez-la.";
    static final String ABANDONED_EN = "The validation did not finish in time (the server running it stopped). "
            + "Start it again.";

    private final ValidationConfig config;
    private final Clock clock;

    ValidationRecovery(ValidationConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param replica   this replica's name
     * @param startedAt when this replica's workers started: runs it claimed before belong to its previous life
     * @return how many runs were ended
     */
    public int recoverAtStartup(String replica, Instant startedAt) {
        int interrupted = QuarkusTransaction.requiringNew().call(() -> ValidationRun.update(
                "state = ?1, error = ?2, errorEn = ?3, finishedAt = ?4 where state = ?5 and claimedBy = ?6 "
                        + "and startedAt < ?7",
                ValidationRun.State.ERROR, INTERRUPTED_FR, INTERRUPTED_EN, clock.instant(),
                ValidationRun.State.RUNNING, replica, startedAt));
        if (interrupted > 0) {
            LOG.warnf("%d validation run(s) interrupted by the restart of %s marked ERROR", interrupted, replica);
        }
        return interrupted + abandonOverdue();
    }

    /** Ends the runs RUNNING for longer than the run timeout and a check timeout, whichever replica claimed them. */
    public int abandonOverdue() {
        Instant now = clock.instant();
        int abandoned = QuarkusTransaction.requiringNew().call(() -> ValidationRun.update(
                "state = ?1, error = ?2, errorEn = ?3, finishedAt = ?4 where state = ?5 and startedAt < ?6",
                ValidationRun.State.ERROR, ABANDONED_FR, ABANDONED_EN, now, ValidationRun.State.RUNNING,
                now.minus(config.runTimeout()).minus(config.checkTimeout())));
        if (abandoned > 0) {
            LOG.warnf("%d validation run(s) RUNNING for more than %s marked ERROR", abandoned, config.runTimeout());
        }
        return abandoned;
    }

    /**
     * Forgets the helper containers of sandboxes that ended (TERMINATED or FAILED): they are kept only so that
     * checks of a live sandbox leave them out, and would otherwise pile up for ever. Any replica may run it.
     */
    public int forgetHelpersOfEndedSandboxes() {
        int forgotten = QuarkusTransaction.requiringNew().call(() -> (int) ValidationHelper.delete(
                "key.sandboxId in (select s.id from Sandbox s where s.state in ?1)",
                List.of(SandboxState.TERMINATED, SandboxState.FAILED)));
        if (forgotten > 0) {
            LOG.debugf("Forgot %d validation helper(s) of ended sandboxes", forgotten);
        }
        return forgotten;
    }

    @Scheduled(every = "10m", delayed = "1m", identity = "validation-helpers-forget",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetHelpersPeriodically() {
        forgetHelpersOfEndedSandboxes();
    }
}
