package io.labfleet.commons;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's own background threads, made in one place: named after their work (so a thread dump says who is
 * busy), daemon threads (a stuck job never holds the JVM), and stopped when the service stops: the executors stop
 * taking work in the reverse order of their making, running work gets {@link #STOP_GRACE} to finish, then is
 * interrupted.
 */
@ApplicationScoped
public class ServiceThreads {

    /** How long running work may take to finish when the service stops. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(ServiceThreads.class);

    private final List<ExecutorService> executors = Collections.synchronizedList(new ArrayList<>());

    /** A pool of {@code threads} threads named {@code name-1}, {@code name-2}… */
    public ExecutorService pool(String name, int threads) {
        return owned(Executors.newFixedThreadPool(threads, named(name)));
    }

    /** As many threads as the work needs at once, named {@code name-1}, {@code name-2}…, idle ones ending after a minute. */
    public ExecutorService cachedPool(String name) {
        return owned(Executors.newCachedThreadPool(named(name)));
    }

    /** One thread named {@code name}, for periodic work. */
    public ScheduledExecutorService scheduler(String name) {
        return owned(Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, name)));
    }

    /**
     * Daemon threads named {@code name-1}, {@code name-2}…, for an executor that needs its own queueing; its owner
     * stops it.
     */
    public static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> daemon(runnable, name + "-" + count.incrementAndGet());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        List<ExecutorService> stopping;
        synchronized (executors) {
            stopping = new ArrayList<>(executors);
        }
        Collections.reverse(stopping);
        stopping.forEach(ExecutorService::shutdown);
        Instant deadline = Instant.now().plus(STOP_GRACE);
        for (ExecutorService executor : stopping) {
            long left = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
            if (!executor.awaitTermination(left, TimeUnit.MILLISECONDS)) {
                LOG.warnf("Background work still running %s after the service stopped; interrupting it", STOP_GRACE);
                executor.shutdownNow();
            }
        }
    }

    /**
     * Keeps the executor, to stop it with the service, and forgets those their owner already stopped: a component
     * started again in place (the SSH gateway) makes new executors each time, and the stopped ones would pile up.
     */
    private <E extends ExecutorService> E owned(E executor) {
        synchronized (executors) {
            executors.removeIf(ExecutorService::isShutdown);
            executors.add(executor);
        }
        return executor;
    }

    /** How many executors are kept to be stopped with the service. */
    int kept() {
        return executors.size();
    }

    /** A daemon thread named {@code name} that runs {@code work}, not started: for work bound to one object's life. */
    public static Thread daemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }
}
