package io.labfleet.commons;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A burst of resizes reaches the backend as one per interval, and the last size asked for always wins. */
class ResizeCoalescerTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Runnable> timer = new ArrayList<>();
    private final List<Long> delays = new ArrayList<>();
    private final List<ResizeCoalescer.Size> applied = new ArrayList<>();
    private final ResizeCoalescer coalescer = new ResizeCoalescer(INTERVAL, now::get, (task, delay) -> {
        timer.add(task);
        delays.add(delay);
    }, applied::add);

    @Test
    void theFirstSizeIsAppliedAtOnceAndABurstAfterItBecomesOneResizeWithItsLastSize() {
        coalescer.request(100, 30);
        assertThat(applied).containsExactly(new ResizeCoalescer.Size(100, 30));

        for (int i = 1; i <= 5000; i++) {
            now.addAndGet(10_000);
            coalescer.request(100 + i % 7, 30 + i % 5);
        }
        coalescer.request(120, 40);
        assertThat(applied).as("nothing more before the interval's end").hasSize(1);
        assertThat(timer).as("one resize is due, not thousands").hasSize(1);
        assertThat(delays.get(0)).as("counted from the first resize").isEqualTo(INTERVAL.toNanos() - 10_000L);

        now.addAndGet(delays.get(0));
        timer.remove(0).run();
        assertThat(applied).containsExactly(new ResizeCoalescer.Size(100, 30), new ResizeCoalescer.Size(120, 40));
    }

    @Test
    void aSizeAskedForAfterAQuietIntervalIsAppliedAtOnce() {
        coalescer.request(80, 24);
        now.addAndGet(INTERVAL.toNanos());
        coalescer.request(90, 25);
        assertThat(applied).containsExactly(new ResizeCoalescer.Size(80, 24), new ResizeCoalescer.Size(90, 25));
        assertThat(timer).isEmpty();

        coalescer.request(91, 26);
        assertThat(timer).hasSize(1);
        now.addAndGet(INTERVAL.toNanos());
        timer.remove(0).run();
        coalescer.request(92, 27);
        assertThat(applied).as("the interval counts from the last resize applied").hasSize(3);
        assertThat(timer).hasSize(1);
    }
}
