package io.labfleet.gateway;

import io.labfleet.sandbox.RecentUse;
import io.labfleet.sandbox.Sandbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which sandboxes were used over SSH and writes it to {@code Sandbox.lastActivityAt} at most once
 * per flush interval, so that traffic costs no database write per packet. A sandbox with an open channel
 * counts as active even when the channel is quiet: a learner watching {@code docker logs -f} is using it.
 */
@ApplicationScoped
public class SandboxActivity implements RecentUse {

    private static final Logger LOG = Logger.getLogger(SandboxActivity.class);

    private final Clock clock;
    private final Map<String, Integer> openChannels = new ConcurrentHashMap<>();
    private final Set<String> touched = ConcurrentHashMap.newKeySet();

    SandboxActivity(Clock clock) {
        this.clock = clock;
    }

    public void channelOpened(String sandboxId) {
        openChannels.merge(sandboxId, 1, Integer::sum);
        touched.add(sandboxId);
    }

    public void channelClosed(String sandboxId) {
        openChannels.computeIfPresent(sandboxId, (id, count) -> count > 1 ? count - 1 : null);
        touched.add(sandboxId);
    }

    @Override
    public boolean inUse(String sandboxId) {
        return openChannels.containsKey(sandboxId) || touched.contains(sandboxId);
    }

    /** Whether a channel to the sandbox is open on this replica. */
    public boolean anyOpen(String sandboxId) {
        return openChannels.containsKey(sandboxId);
    }

    public void touch(String sandboxId) {
        touched.add(sandboxId);
    }

    @Scheduled(every = "${labfleet.gateway.activity-flush-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "gateway-activity-flush")
    void flushPeriodically() {
        flush();
    }

    /** Writes the activity seen since the last flush; returns how many sandboxes were updated. */
    public int flush() {
        Set<String> active = new HashSet<>(openChannels.keySet());
        for (String id : List.copyOf(touched)) {
            touched.remove(id);
            active.add(id);
        }
        if (active.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        int updated = QuarkusTransaction.requiringNew().call(() -> Sandbox.recordActivity(active, now));
        LOG.debugf("Recorded SSH activity on %d sandbox(es) at %s", updated, now);
        return updated;
    }
}
