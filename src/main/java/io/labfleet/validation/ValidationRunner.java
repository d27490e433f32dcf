package io.labfleet.validation;

import io.labfleet.commons.ServiceThreads;
import io.labfleet.commons.Strings;
import io.labfleet.config.IdGenerator;
import io.labfleet.config.ValidationConfig;
import io.labfleet.lab.Text;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxImagesNotInException;
import io.labfleet.sandbox.SandboxImagesWait;
import io.labfleet.sandbox.SandboxNotWokenException;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.sandbox.SandboxSuspensions;
import io.labfleet.validation.check.CheckContext;
import io.labfleet.validation.check.CheckStatus;
import io.labfleet.validation.check.CompiledCheck;
import io.labfleet.validation.check.SameSandboxDaemon;
import io.labfleet.validation.check.SandboxChangedException;
import io.labfleet.validation.check.SandboxDaemon;
import io.labfleet.validation.check.SandboxDaemonConnector;
import io.labfleet.validation.check.SandboxDaemonException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Carries out one validation run this replica has claimed: reads the sandbox's daemon through the check engine,
 * stores each check's result as soon as it is known, and always ends the run COMPLETED or ERROR. A run that
 * another replica's sweep declared abandoned meanwhile is left as that sweep wrote it.
 */
@ApplicationScoped
public class ValidationRunner {

    private static final Logger LOG = Logger.getLogger(ValidationRunner.class);

    private final LabChecks labChecks;
    private final SandboxSuspensions suspensions;
    private final SandboxImagesWait images;
    private final SandboxDaemonConnector connector;
    private final ValidationConfig config;
    private final Clock clock;
    private final IdGenerator ids;
    private final ExecutorService checkThreads;
    private final CheckEngine engine;

    ValidationRunner(LabChecks labChecks, SandboxDaemonConnector connector, SandboxSuspensions suspensions,
                     SandboxImagesWait images, ValidationConfig config, Clock clock, IdGenerator ids) {
        this.labChecks = labChecks;
        this.suspensions = suspensions;
        this.images = images;
        this.connector = connector;
        this.config = config;
        this.clock = clock;
        this.ids = ids;
        this.checkThreads = checkThreads(config.concurrency());
        this.engine = new CheckEngine(checkThreads, config.checkTimeout());
    }

    /**
     * Two threads per worker: one for the check under way, one for a check abandoned on its time limit that has not
     * ended yet (every daemon answer is itself bounded in time, so it ends soon). Past that a check is refused
     * rather than a thread started: a hostile daemon cannot make the service pile up threads.
     */
    static ExecutorService checkThreads(int workers) {
        ThreadPoolExecutor threads = new ThreadPoolExecutor(2 * workers, 2 * workers, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), ServiceThreads.named("validation-check"));
        threads.allowCoreThreadTimeOut(true);
        return threads;
    }

    void stop(@Observes ShutdownEvent event) {
        checkThreads.shutdownNow();
    }

    /** Where the run's checks look, read when the run starts. */
    private record Target(String sandboxId, String tenantId, String host, int port, Instant readyAt,
                          boolean imagesPending, List<CompiledCheck> checks) {
    }

    public void execute(String runId, String replica) {
        Optional<Target> target = QuarkusTransaction.requiringNew().call(() -> target(runId));
        if (target.isPresent()) {
            try {
                images.await(target.get().sandboxId(), target.get().imagesPending());
                if (suspensions.ensureAwake(target.get().sandboxId())) {
                    target = QuarkusTransaction.requiringNew().call(() -> target(runId));
                }
            } catch (SandboxImagesNotInException e) {
                fail(runId, replica, new Text("Les images du lab ne sont pas entrées dans la sandbox (" + e.getMessage()
                        + ") : rien n'a pu être vérifié.", "Nothing could be checked. " + e.getMessage()));
                return;
            } catch (SandboxNotWokenException e) {
                fail(runId, replica, new Text("La sandbox était en veille (inutilisée depuis un moment) et n'a pas pu"
                        + " être réveillée : rien n'a pu être vérifié. Tout ce qu'elle contient est conservé ;"
                        + " réessayez dans un instant.", e.getMessage()));
                return;
            }
        }
        if (target.isEmpty()) {
            fail(runId, replica, new Text(
                    "La sandbox n'est plus utilisable (arrêtée ou en échec) : rien à vérifier.",
                    "The sandbox is no longer usable (ended or failed): nothing to check."));
            return;
        }
        Target where = target.get();
        MDC.put("sandbox", where.sandboxId());
        MDC.put("tenant", where.tenantId());
        try (SandboxDaemon connection = connector.connect(where.host(), where.port(),
                SandboxHelpers.of(where.sandboxId(), clock))) {
            engine.reach(connection);
            Runnable sameSandbox = () -> confirmSameSandbox(where, connection);
            CheckContext context = new CheckContext(where.readyAt(), config.helperImage(), config.probeTimeout());
            engine.run(where.checks(), new SameSandboxDaemon(connection, sameSandbox), context, config.runTimeout(),
                    sameSandbox, report -> record(runId, report));
            complete(runId, replica);
        } catch (SandboxChangedException e) {
            LOG.warnf("Validation run %s of sandbox %s stopped: %s", runId, where.sandboxId(), e.getMessage());
            fail(runId, replica, new Text(
                    "La sandbox a changé pendant la validation (supprimée ou redémarrée) : la validation est arrêtée."
                            + " Relancez-la si la sandbox est toujours là.",
                    "The sandbox changed during the validation (deleted or restarted): the run was stopped. Start it"
                            + " again if the sandbox is still there."));
        } catch (SandboxDaemonException e) {
            LOG.warnf(e, "Validation run %s: the daemon of sandbox %s at %s:%d does not answer: %s", runId,
                    where.sandboxId(), where.host(), where.port(), e.getMessage());
            fail(runId, replica, new Text(
                    "Le démon Docker de la sandbox ne répond pas (" + e.getMessage() + ") : rien n'a pu être vérifié. "
                            + "Réessayez dans un instant.",
                    "The sandbox's Docker daemon does not answer (" + e.getMessage() + "): nothing could be checked. "
                            + "Try again in a moment."));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Validation run %s failed unexpectedly", runId);
            fail(runId, replica, new Text(
                    "La validation a échoué de notre côté (c'est consigné). Relancez-la ; si cela persiste, signalez-le.",
                    "The validation failed on our side (it was logged). Start it again; if it persists, tell us."));
        } finally {
            MDC.remove("sandbox");
            MDC.remove("tenant");
        }
    }

    private Optional<Target> target(String runId) {
        ValidationRun run = ValidationRun.findById(runId);
        Sandbox sandbox = run == null ? null : Sandbox.findById(run.sandboxId);
        if (sandbox == null || !SandboxState.USABLE.contains(sandbox.state) || sandbox.daemonHost == null
                || sandbox.daemonPort == null) {
            return Optional.empty();
        }
        return Optional.of(new Target(sandbox.id, sandbox.tenantId, sandbox.daemonHost, sandbox.daemonPort,
                sandbox.readyAt, sandbox.imagesPending, labChecks.of(run.labId)));
    }

    /**
     * Before the first check, each next check and each probe: the sandbox is still usable at the address the run
     * started with (a deleted sandbox's address may be handed to another learner's new one), and the daemon there
     * names itself after it.
     *
     * @throws SandboxChangedException otherwise
     */
    private void confirmSameSandbox(Target where, SandboxDaemon daemon) {
        boolean stillThere = QuarkusTransaction.requiringNew().call(() -> {
            Sandbox sandbox = Sandbox.findById(where.sandboxId());
            return sandbox != null && sandbox.usableAt(where.host(), where.port());
        });
        if (!stillThere) {
            throw new SandboxChangedException("the sandbox is no longer usable at " + where.host() + ":" + where.port());
        }
        String name = daemon.name();
        if (!where.sandboxId().equals(name)) {
            // The name is the daemon's to choose (and may be megabytes of control characters): it is not logged.
            throw new SandboxChangedException("the daemon at " + where.host() + ":" + where.port()
                    + " is not named after the sandbox");
        }
    }

    private void record(String runId, CheckReport report) {
        QuarkusTransaction.requiringNew().run(() -> {
            CheckResult result = new CheckResult();
            result.id = ids.next("cr");
            result.run = ValidationRun.getEntityManager().getReference(ValidationRun.class, runId);
            result.position = report.position();
            result.checkId = report.checkId();
            result.status = report.outcome().status();
            result.messageFr = cut(report.outcome().message().fr());
            result.messageEn = cut(report.outcome().message().en());
            result.durationMs = report.durationMs();
            result.persist();
        });
    }

    private void complete(String runId, String replica) {
        QuarkusTransaction.requiringNew().run(() -> {
            ValidationRun run = ValidationRun.findById(runId, LockModeType.PESSIMISTIC_WRITE);
            if (run == null || run.state != ValidationRun.State.RUNNING || !replica.equals(run.claimedBy)) {
                return;
            }
            run.passed = (int) CheckResult.count("run.id = ?1 and status = ?2", runId, CheckStatus.PASSED);
            run.failed = (int) CheckResult.count("run.id = ?1 and status = ?2", runId, CheckStatus.FAILED);
            run.errors = (int) CheckResult.count("run.id = ?1 and status = ?2", runId, CheckStatus.ERROR);
            run.state = ValidationRun.State.COMPLETED;
            run.finishedAt = clock.instant();
            LOG.infof("Validation run %s of lab %s: %d passed, %d failed, %d errors", runId, run.labId, run.passed,
                    run.failed, run.errors);
        });
    }

    private void fail(String runId, String replica, Text why) {
        QuarkusTransaction.requiringNew().run(() -> {
            ValidationRun run = ValidationRun.findById(runId, LockModeType.PESSIMISTIC_WRITE);
            if (run == null || run.state != ValidationRun.State.RUNNING || !replica.equals(run.claimedBy)) {
                return;
            }
            run.state = ValidationRun.State.ERROR;
            run.error = cut(why.fr());
            run.errorEn = cut(why.en());
            run.finishedAt = clock.instant();
        });
    }

    static String cut(String message) {
        return Strings.truncate(message, CheckResult.MAX_MESSAGE_LENGTH);
    }
}
