package io.labfleet.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's meters: {@code labfleet.gateway.sessions.open} (authenticated SSH sessions),
 * {@code labfleet.gateway.proxied} (bytes, by channel kind and direction) and {@code labfleet.gateway.refused}
 * (by reason).
 */
@ApplicationScoped
public class GatewayMetrics {

    /** Which way bytes went. */
    public enum Direction {
        TO_SANDBOX("to-sandbox"), FROM_SANDBOX("from-sandbox");

        private final String tag;

        Direction(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry registry;
    private final AtomicInteger openSessions = new AtomicInteger();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("labfleet.gateway.sessions.open", openSessions);
    }

    public void sessionOpened() {
        openSessions.incrementAndGet();
    }

    public void sessionClosed() {
        openSessions.decrementAndGet();
    }

    public int openSessions() {
        return openSessions.get();
    }

    public void refused(RefusalReason reason) {
        counters.computeIfAbsent("refused/" + reason.slug(), key -> Counter.builder("labfleet.gateway.refused")
                .description("SSH logins, channels and requests the gateway refused")
                .tag("reason", reason.slug()).register(registry)).increment();
    }

    /** Counts bytes that went through a channel of the given kind ({@code docker}, {@code shell}, {@code forward}). */
    public void proxied(String channelKind, Direction direction, long bytes) {
        counters.computeIfAbsent("proxied/" + channelKind + "/" + direction.tag, key -> Counter
                .builder("labfleet.gateway.proxied").baseUnit("bytes")
                .description("Bytes carried between SSH clients and sandboxes")
                .tag("channel", channelKind).tag("direction", direction.tag).register(registry)).increment(bytes);
    }
}
