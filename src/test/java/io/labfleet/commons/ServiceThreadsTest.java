package io.labfleet.commons;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's executors are kept to be stopped with it, but not once their owner stopped them. */
class ServiceThreadsTest {

    @Test
    void aComponentStartedAgainInPlaceLeavesNoStoppedExecutorsBehind() {
        ServiceThreads threads = new ServiceThreads();
        ExecutorService jobs = threads.pool("jobs", 1);
        for (int restart = 0; restart < 5; restart++) {
            // as the SSH gateway does on every start and stop (Quarkus dev mode, a restart in place)
            ExecutorService gateway = threads.cachedPool("ssh-gateway");
            ScheduledExecutorService timer = threads.scheduler("ssh-gateway-timer");
            gateway.shutdownNow();
            timer.shutdownNow();
        }
        threads.cachedPool("ssh-gateway");
        threads.scheduler("ssh-gateway-timer");

        assertThat(threads.kept()).as("the jobs' pool and the running gateway's two").isEqualTo(3);
        assertThat(jobs.isShutdown()).isFalse();
    }
}
