package io.labfleet.validation;

import io.labfleet.lab.Text;
import io.labfleet.validation.check.CheckContext;
import io.labfleet.validation.check.CheckOutcome;
import io.labfleet.validation.check.CompiledCheck;
import io.labfleet.validation.check.DaemonInfo;
import io.labfleet.validation.check.SandboxChangedException;
import io.labfleet.validation.check.SandboxDaemon;
import io.labfleet.validation.check.SandboxDaemonException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs a lab's checks one after the other against a sandbox's daemon, each within a time limit: a check that
 * takes longer ends ERROR (its thread is interrupted and left to finish on its own) and the next one starts,
 * so a hung daemon call never holds a run. The whole run has a time budget too: once it is spent, the checks
 * not yet run end ERROR at once, so the worker is free again within the budget. Plain Java; the threads come
 * from the caller, from a bounded pool: when every thread is still held by abandoned checks, a check ends ERROR
 * rather than start one more thread.
 */
public final class CheckEngine {

    private static final Logger LOG = Logger.getLogger(CheckEngine.class);

    private final ExecutorService checkThreads;
    private final Duration checkTimeout;

    public CheckEngine(ExecutorService checkThreads, Duration checkTimeout) {
        this.checkThreads = checkThreads;
        this.checkTimeout = checkTimeout;
    }

    /**
     * Asks the daemon who it is, within the check time limit: whether there is anything to check at all.
     *
     * @throws SandboxDaemonException when it does not answer in time, or refuses
     */
    public DaemonInfo reach(SandboxDaemon daemon) {
        Future<DaemonInfo> asking;
        try {
            asking = checkThreads.submit(daemon::info);
        } catch (RejectedExecutionException e) {
            throw new SandboxDaemonException("the service is busy checking other sandboxes", e);
        }
        try {
            return asking.get(checkTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            asking.cancel(true);
            throw new SandboxDaemonException("no answer within " + Text.duration(checkTimeout), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SandboxDaemonException daemonFailure) {
                throw daemonFailure;
            }
            throw new IllegalStateException("asking the daemon failed", e.getCause());
        } catch (InterruptedException e) {
            asking.cancel(true);
            Thread.currentThread().interrupt();
            throw new SandboxDaemonException("interrupted", e);
        }
    }

    /**
     * @param budget     the longest time the whole run may take
     * @param beforeEach run before every check, on its thread and within its limit; what it throws ends the run (it
     *                   confirms the daemon still belongs to the sandbox)
     * @param onEach     told of every check's report as soon as it is known (to store it)
     * @throws SandboxChangedException when the daemon stopped belonging to the sandbox: no later check runs
     */
    public List<CheckReport> run(List<CompiledCheck> checks, SandboxDaemon daemon, CheckContext context,
                                 Duration budget, Runnable beforeEach, Consumer<CheckReport> onEach) {
        long deadline = System.nanoTime() + budget.toNanos();
        List<CheckReport> reports = new ArrayList<>();
        for (int position = 0; position < checks.size(); position++) {
            CompiledCheck check = checks.get(position);
            long started = System.nanoTime();
            long left = deadline - started;
            CheckOutcome outcome = left <= 0 ? outOfTime(budget)
                    : runOne(check, daemon, context, beforeEach,
                    Duration.ofNanos(Math.min(left, checkTimeout.toNanos())), budget);
            CheckReport report = new CheckReport(position, check.id(), outcome,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            reports.add(report);
            onEach.accept(report);
        }
        return reports;
    }

    private static CheckOutcome outOfTime(Duration budget) {
        return CheckOutcome.error(new Text(
                "Vérification non faite : la validation a dépassé sa durée maximale (" + budget.toSeconds() + " s). "
                        + "La sandbox est peut-être surchargée ; relancez la validation.",
                "Not checked: the validation went past its longest time (" + budget.toSeconds() + " s). The sandbox "
                        + "may be overloaded; validate again."));
    }

    /**
     * Runs the confirmation and the check on a check thread, within the limit: both ask the sandbox's daemon, which
     * may answer slowly on purpose, and the worker must never wait on it.
     */
    private CheckOutcome runOne(CompiledCheck check, SandboxDaemon daemon, CheckContext context, Runnable beforeEach,
                                Duration limit, Duration budget) {
        Future<CheckOutcome> running;
        try {
            running = checkThreads.submit(() -> {
                beforeEach.run();
                return check.run(daemon, context);
            });
        } catch (RejectedExecutionException e) {
            LOG.warnf("Check %s not run: every check thread is taken", check.id());
            return CheckOutcome.error(new Text(
                    "Le service est occupé à vérifier d'autres sandboxes : cette vérification n'a pas pu être faite. "
                            + "Relancez la validation dans un instant.",
                    "The service is busy checking other sandboxes: this check could not be done. Validate again in "
                            + "a moment."));
        }
        try {
            return running.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            if (limit.compareTo(checkTimeout) < 0) {
                LOG.warnf("Check %s was abandoned: the run's time is spent", check.id());
                return outOfTime(budget);
            }
            LOG.warnf("Check %s took longer than %s and was abandoned", check.id(), checkTimeout);
            return CheckOutcome.error(new Text(
                    "Cette vérification a pris plus de " + Text.duration(checkTimeout) + " et a été abandonnée : "
                            + "la sandbox est peut-être surchargée. Relancez la validation.",
                    "This check took longer than " + Text.duration(checkTimeout) + " and was abandoned: the sandbox "
                            + "may be overloaded. Validate again."));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SandboxChangedException changed) {
                throw changed;
            }
            LOG.errorf(e.getCause(), "Check %s failed unexpectedly", check.id());
            return CheckOutcome.error(new Text(
                    "Cette vérification a échoué de notre côté (c'est consigné). Relancez la validation ; si cela "
                            + "persiste, signalez-le.",
                    "This check failed on our side (it was logged). Validate again; if it persists, tell us."));
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            return CheckOutcome.error(new Text("La validation a été interrompue.", "The validation was interrupted."));
        }
    }
}
