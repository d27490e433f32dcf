package io.labfleet.validation;

import io.labfleet.commons.RowLocks;
import io.labfleet.commons.ServiceThreads;
import io.labfleet.config.ValidationConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * This replica's validation workers: at most {@code labfleet.validation.concurrency} runs at once. A run is
 * claimed in the database before it is worked on (QUEUED → RUNNING with this replica's name, by a conditional
 * update or under {@code FOR UPDATE SKIP LOCKED}), so replicas never work on the same run. A new run is claimed
 * at once when a worker is free; otherwise it stays QUEUED and a periodic sweep, on whichever replica has room,
 * claims it, also after the replica that queued it died.
 */
@Startup
@ApplicationScoped
public class ValidationWorkers {

    private static final Logger LOG = Logger.getLogger(ValidationWorkers.class);

    private final ValidationRunner runner;
    private final ValidationRecovery recovery;
    private final Clock clock;
    private final String replica;
    private final Instant startedAt;
    private final Semaphore free;
    private final ExecutorService workers;

    ValidationWorkers(ValidationRunner runner, ValidationRecovery recovery, ValidationConfig config, Clock clock,
                      ServiceThreads threads) {
        this.runner = runner;
        this.recovery = recovery;
        this.clock = clock;
        this.replica = config.replicaId().orElseGet(ValidationWorkers::hostName);
        this.startedAt = clock.instant();
        this.free = new Semaphore(config.concurrency());
        this.workers = threads.pool("validation-run", config.concurrency());
        recovery.recoverAtStartup(replica, startedAt);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** This replica's name in {@code claimed_by}. */
    public String replica() {
        return replica;
    }

    /**
     * Claims and starts the run now if a worker is free; otherwise the sweep will. A database error leaves the run
     * QUEUED for the sweep and the worker free: it is logged, never passed to the learner whose run was queued.
     */
    public void offer(String runId) {
        if (!free.tryAcquire()) {
            LOG.debugf("Validation run %s waits: every worker is busy", runId);
            return;
        }
        boolean claimed;
        try {
            claimed = QuarkusTransaction.requiringNew().call(() -> ValidationRun.update(
                    "state = ?1, claimedBy = ?2, startedAt = ?3 where id = ?4 and state = ?5", ValidationRun.State.RUNNING,
                    replica, clock.instant(), runId, ValidationRun.State.QUEUED) == 1);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Validation run %s could not be claimed; the sweep will try again", runId);
            claimed = false;
        }
        if (!claimed) {
            free.release();
            return;
        }
        start(runId);
    }

    /**
     * Gives up on runs nobody finished in time, then claims queued runs for the free workers. The workers it took
     * for the claim are given back whatever the database answered.
     */
    @Scheduled(every = "{labfleet.validation.sweep-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        recovery.abandonOverdue();
        int room = free.drainPermits();
        List<String> claimed = List.of();
        try {
            if (room > 0) {
                claimed = QuarkusTransaction.requiringNew().call(() -> claimQueued(room));
            }
        } finally {
            free.release(room - claimed.size());
        }
        claimed.forEach(this::start);
    }

    private List<String> claimQueued(int room) {
        List<ValidationRun> queued = RowLocks.skippingLocked(ValidationRun.<ValidationRun>find(
                        "state = ?1 order by createdAt", ValidationRun.State.QUEUED))
                .page(0, room).list();
        Instant now = clock.instant();
        for (ValidationRun run : queued) {
            run.state = ValidationRun.State.RUNNING;
            run.claimedBy = replica;
            run.startedAt = now;
        }
        return queued.stream().map(run -> run.id).toList();
    }

    private void start(String runId) {
        try {
            workers.execute(() -> {
                try {
                    runner.execute(runId, replica);
                } finally {
                    free.release();
                }
            });
        } catch (RuntimeException e) {
            free.release();
            LOG.errorf(e, "Validation run %s could not be started; it will be given up after the run timeout", runId);
        }
    }
}
