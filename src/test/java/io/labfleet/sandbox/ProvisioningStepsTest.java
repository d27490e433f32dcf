package io.labfleet.sandbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a provisioning's time went, as bench/provision reads it from the metric and operators from the log. */
class ProvisioningStepsTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AtomicLong now = new AtomicLong();

    @Test
    void eachStepLastsFromTheEndOfTheOneBeforeAndTheProgressStillReachesItsListeners() {
        ProvisioningSteps steps = new ProvisioningSteps(metrics, now::get);
        List<String> published = new ArrayList<>();
        var listener = steps.listener((step, percent, message) -> published.add(step + " " + percent));

        steps.recordEarlier("queued", Duration.ofMillis(7));
        advance(120);
        listener.onProgress("network", 10, "network made");
        advance(400);
        listener.onProgress("container", 35, "container started");
        advance(1500);
        listener.onProgress("daemon", 70, "daemon answers");
        advance(30);
        steps.ended("ready");

        assertThat(published).containsExactly("network 10", "container 35", "daemon 70");
        assertThat(millis("queued")).isEqualTo(7);
        assertThat(millis("network")).isEqualTo(120);
        assertThat(millis("container")).isEqualTo(400);
        assertThat(millis("daemon")).isEqualTo(1500);
        assertThat(millis("ready")).isEqualTo(30);
        assertThat(steps.summary())
                .isEqualTo("queued 7 ms, network 120 ms, container 400 ms, daemon 1500 ms, ready 30 ms");
    }

    @Test
    void aClockThatWentBackCountsNoTimeRatherThanANegativeOne() {
        ProvisioningSteps steps = new ProvisioningSteps(metrics, now::get);

        steps.recordEarlier("queued", Duration.ofMillis(-50));

        assertThat(millis("queued")).isZero();
        assertThat(steps.summary()).isEqualTo("queued 0 ms");
    }

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private long millis(String step) {
        var timer = metrics.get(ProvisioningSteps.METRIC).tag("step", step).timer();
        assertThat(timer.count()).as(step + " recorded once").isEqualTo(1);
        return (long) timer.totalTime(TimeUnit.MILLISECONDS);
    }
}
