package io.labfleet.api;

import io.labfleet.config.LabfleetConfig;
import io.labfleet.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts the event streams each caller holds open on this replica, so that one learner cannot hold
 * connections and database polls without bound ({@code labfleet.sandbox.max-event-streams-per-learner}).
 */
@ApplicationScoped
class EventStreamLimit {

    private final int limit;
    private final Map<List<String>, Integer> open = new ConcurrentHashMap<>();

    EventStreamLimit(LabfleetConfig config) {
        this.limit = config.sandbox().maxEventStreamsPerLearner();
    }

    /**
     * @return the handle to run once the stream has ended, however it ended
     * @throws TooManyEventStreamsException when the caller already holds as many as allowed
     */
    Runnable open(Caller caller) {
        List<String> key = Arrays.asList(caller.tenantId(), caller.subject());
        Integer now = open.merge(key, 1, Integer::sum);
        if (now > limit) {
            close(key);
            throw new TooManyEventStreamsException(limit);
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                close(key);
            }
        };
    }

    private void close(List<String> key) {
        open.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }
}
