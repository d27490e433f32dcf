package io.labfleet.validation;

import io.labfleet.lab.Text;
import io.labfleet.validation.check.CheckContext;
import io.labfleet.validation.check.CheckOutcome;
import io.labfleet.validation.check.CompiledCheck;
import io.labfleet.validation.check.SandboxChangedException;
import io.labfleet.validation.check.SandboxDaemon;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs a lab's checks one after the other against a sandbox's daemon, each within a time limit: a check that
 * takes longer ends ERROR (its thread is interrupted and left to finish on its own) and the next one starts,
 * so a hung daemon call never holds a run. Plain Java; the threads come from the caller.
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
     * @param beforeEach run before every check; what it throws ends the run (it confirms the daemon still belongs
     *                   to the sandbox)
     * @param onEach     told of every check's report as soon as it is known (to store it)
     * @throws SandboxChangedException when the daemon stopped belonging to the sandbox: no later check runs
     */
    public List<CheckReport> run(List<CompiledCheck> checks, SandboxDaemon daemon, CheckContext context,
                                 Runnable beforeEach, Consumer<CheckReport> onEach) {
        List<CheckReport> reports = new ArrayList<>();
        for (int position = 0; position < checks.size(); position++) {
            CompiledCheck check = checks.get(position);
            beforeEach.run();
            long started = System.nanoTime();
            CheckOutcome outcome = runOne(check, daemon, context);
            CheckReport report = new CheckReport(position, check.id(), outcome,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            reports.add(report);
            onEach.accept(report);
        }
        return reports;
    }

    private CheckOutcome runOne(CompiledCheck check, SandboxDaemon daemon, CheckContext context) {
        Future<CheckOutcome> running = checkThreads.submit(() -> check.run(daemon, context));
        try {
            return running.get(checkTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            LOG.warnf("Check %s took longer than %s and was abandoned", check.id(), checkTimeout);
            return CheckOutcome.error(new Text(
                    "Cette vérification a pris plus de " + spoken(checkTimeout) + " et a été abandonnée : "
                            + "la sandbox est peut-être surchargée. Relancez la validation.",
                    "This check took longer than " + spoken(checkTimeout) + " and was abandoned: the sandbox "
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

    /** {@code 20 s}, or {@code 300 ms} when whole seconds would round the timeout (down to {@code 0 s}). */
    static String spoken(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
