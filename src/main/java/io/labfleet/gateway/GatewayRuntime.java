package io.labfleet.gateway;

import io.labfleet.provisioner.SandboxProvisioner;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * What the gateway's channels share: the threads that move bytes and its timer, the meters, activity, the backend,
 * the open sessions (which every channel asks before opening), the refusal log and how often a shell may be resized.
 */
record GatewayRuntime(ExecutorService executor, ScheduledExecutorService timer, GatewayMetrics metrics,
                      SandboxActivity activity, SandboxProvisioner provisioner, SandboxSessions sessions,
                      Refusals refusals, Duration resizeInterval) {

    private static final Logger LOG = Logger.getLogger(GatewayRuntime.class);

    /** Counts bytes and marks the sandbox as used, for one direction of one kind of channel. */
    LongConsumer meter(String sandboxId, String channelKind, GatewayMetrics.Direction direction) {
        return bytes -> {
            metrics.proxied(channelKind, direction, bytes);
            activity.touch(sandboxId);
        };
    }

    /** Runs a task on the gateway's threads with the sandbox in the log context. */
    void run(String sandboxId, String what, Task task) {
        executor.execute(() -> {
            MDC.put("sandbox", sandboxId);
            try {
                task.run();
            } catch (Exception e) {
                LOG.debugf(e, "%s for sandbox %s ended: %s", what, sandboxId, e.getMessage());
            } finally {
                MDC.remove("sandbox");
            }
        });
    }

    /**
     * Runs a task on the gateway's threads after a delay, with the sandbox in the log context. The delay is kept by
     * the gateway's own timer, which stops with it: once the gateway stops, a task still waiting never runs, and one
     * asked for then is dropped.
     */
    void later(String sandboxId, String what, Runnable task, long delayNanos) {
        try {
            timer.schedule(() -> run(sandboxId, what, task::run), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debugf("%s for sandbox %s dropped: the gateway is stopping", what, sandboxId);
        }
    }

    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }
}
