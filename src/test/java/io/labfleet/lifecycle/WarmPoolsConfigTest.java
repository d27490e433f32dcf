package io.labfleet.lifecycle;

import io.labfleet.config.PoolConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm pool configuration that stops the start-up, each fault naming its key. */
class WarmPoolsConfigTest {

    private static final Duration WARNING = Duration.ofMinutes(5);

    private static PoolConfig config(Map<String, Integer> sizes, int maxTotal, int maxStarting, Duration maxAge) {
        return new PoolConfig() {
            public Map<String, Integer> size() {
                return sizes;
            }

            public int maxTotal() {
                return maxTotal;
            }

            public int maxStarting() {
                return maxStarting;
            }

            public Duration maxAge() {
                return maxAge;
            }

            public String refillInterval() {
                return "10s";
            }
        };
    }

    @Test
    void theDefaultsAndAKnownLabAreFine() {
        assertThat(WarmPools.problems(Set.of("p3-lab"), config(Map.of("p3-lab", 5), 20, 2, Duration.ofMinutes(30)),
                WARNING)).isEmpty();
    }

    @Test
    void everyFaultIsNamedWithItsKey() {
        assertThat(WarmPools.problems(Set.of("p3-lab"),
                config(Map.of("p3-lsb", 2, "p3-lab", 101), -1, 0, Duration.ofMinutes(5)), WARNING))
                .containsExactlyInAnyOrder(
                        "labfleet.pool.size.p3-lsb names no lab of the catalogue",
                        "labfleet.pool.size.p3-lab must be 0 to 100, got 101",
                        "labfleet.pool.max-total must be 0 or more, got -1",
                        "labfleet.pool.max-starting must be 1 or more, got 0",
                        "labfleet.pool.max-age (PT5M) must be longer than labfleet.lifecycle.expiry-warning (PT5M):"
                                + " a pooled sandbox is only handed over before that warning");
    }
}
