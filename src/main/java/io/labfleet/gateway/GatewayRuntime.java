package io.labfleet.gateway;

import io.labfleet.provisioner.SandboxProvisioner;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.util.concurrent.ExecutorService;
import java.util.function.LongConsumer;

/**
 * What the gateway's channels share: the threads that move bytes, the meters, activity, the backend, the open
 * sessions (which every channel asks before opening) and the refusal log.
 */
record GatewayRuntime(ExecutorService executor, GatewayMetrics metrics, SandboxActivity activity,
                      SandboxProvisioner provisioner, SandboxSessions sessions, Refusals refusals) {

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

    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }
}
