package io.labfleet.gateway;

import io.labfleet.commons.ServiceThreads;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shell's delayed resize waits on the gateway's own timer (made by {@link ServiceThreads}), so it stops with the
 * gateway: a resize still waiting when the gateway stops never runs, and one asked for after is dropped quietly.
 */
class GatewayRuntimeTest {

    private final ServiceThreads threads = new ServiceThreads();
    private final ExecutorService executor = threads.cachedPool("ssh-gateway");
    private final ScheduledExecutorService timer = threads.scheduler("ssh-gateway-timer");
    private final GatewayRuntime runtime = new GatewayRuntime(executor, timer, null, null, null, null, null,
            Duration.ofMillis(100));

    @Test
    void aDelayedTaskRunsOnTheGatewaysThreadsAfterItsDelay() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        runtime.later("sb-1", "resize", ran::countDown, Duration.ofMillis(10).toNanos());

        assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
        executor.shutdownNow();
        timer.shutdownNow();
    }

    @Test
    void aDelayedTaskStillWaitingWhenTheGatewayStopsNeverRuns() {
        AtomicInteger ran = new AtomicInteger();
        runtime.later("sb-1", "resize", ran::incrementAndGet, Duration.ofMinutes(10).toNanos());

        List<Runnable> waiting = timer.shutdownNow();
        executor.shutdownNow();
        assertThat(waiting).as("the resize waited on the gateway's timer, which stopped with it").hasSize(1);

        runtime.later("sb-1", "resize", ran::incrementAndGet, 0);
        assertThat(ran).as("nothing ran, and a resize asked for once stopped is dropped").hasValue(0);
    }
}
