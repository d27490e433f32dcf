package io.labfleet.validation;

import io.labfleet.lab.CheckDefinition;
import io.labfleet.lab.Text;
import io.labfleet.validation.check.CheckContext;
import io.labfleet.validation.check.CheckStatus;
import io.labfleet.validation.check.CompiledCheck;
import io.labfleet.validation.check.DaemonInfo;
import io.labfleet.validation.check.FakeSandboxDaemon;
import io.labfleet.validation.check.HelperRun;
import io.labfleet.validation.check.SameSandboxDaemon;
import io.labfleet.validation.check.SandboxChangedException;
import io.labfleet.validation.check.SandboxDaemonException;
import io.labfleet.validation.check.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckEngineTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CheckContext context = new CheckContext(null, "busybox:latest", Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private static CompiledCheck check(String id, io.labfleet.validation.check.Check check) {
        return new CompiledCheck(new CheckDefinition(id, Text.of(id, id), "daemon", Map.of(), null), check);
    }

    @Test
    void aCheckThatTakesTooLongEndsErrorAndTheNextOneStillRuns() throws InterruptedException {
        CheckEngine engine = new CheckEngine(threads, Duration.ofMillis(300));
        List<CheckReport> told = new ArrayList<>();
        CountDownLatch abandoned = new CountDownLatch(1);

        List<CheckReport> reports = engine.run(List.of(
                check("hangs", evidence -> {
                    try {
                        Thread.sleep(600_000);
                    } catch (InterruptedException e) {
                        abandoned.countDown();
                        Thread.currentThread().interrupt();
                    }
                    return Verdict.pass(Text.of("trop tard", "too late"));
                }),
                check("quick", evidence -> Verdict.pass(Text.of("ok", "ok")))), new FakeSandboxDaemon(), context, Duration.ofMinutes(1), () -> {
                }, told::add);

        assertThat(reports).extracting(r -> r.outcome().status()).containsExactly(CheckStatus.ERROR, CheckStatus.PASSED);
        assertThat(reports.get(0).outcome().message().fr()).contains("a pris plus de 300 ms", "abandonnée");
        assertThat(reports.get(0).outcome().message().en()).contains("took longer than 300 ms");
        assertThat(abandoned.await(1, TimeUnit.MINUTES)).as("the hanging check is interrupted, not waited for").isTrue();
        assertThat(told).isEqualTo(reports);
        assertThat(reports).extracting(CheckReport::position).containsExactly(0, 1);
    }

    @Test
    void aBugInACheckIsAnErrorForThatCheckOnly() {
        CheckEngine engine = new CheckEngine(threads, Duration.ofSeconds(5));

        List<CheckReport> reports = engine.run(List.of(
                check("broken", evidence -> {
                    throw new IllegalStateException("bug");
                }),
                check("fine", evidence -> Verdict.fail(Text.of("non", "no"), Text.of("faites-le", "do it")))),
                new FakeSandboxDaemon(), context, Duration.ofMinutes(1), () -> {
                }, report -> {
                });

        assertThat(reports).extracting(r -> r.outcome().status()).containsExactly(CheckStatus.ERROR, CheckStatus.FAILED);
        assertThat(reports.get(0).outcome().message().en()).contains("failed on our side").doesNotContain("bug");
        assertThat(reports.get(1).outcome().message().fr()).isEqualTo("non faites-le");
    }

    @Test
    void aDaemonThatChangedHandsEndsTheRunBeforeTheNextCheckAndBeforeAnyProbe() {
        CheckEngine engine = new CheckEngine(threads, Duration.ofSeconds(5));
        FakeSandboxDaemon daemon = new FakeSandboxDaemon();
        AtomicBoolean moved = new AtomicBoolean();
        Runnable sameSandbox = () -> {
            if (moved.get()) {
                throw new SandboxChangedException("its address now belongs to sb-other");
            }
        };
        List<String> ran = new ArrayList<>();

        assertThatThrownBy(() -> engine.run(List.of(
                check("first", evidence -> {
                    ran.add("first");
                    return Verdict.pass(Text.of("ok", "ok"));
                }),
                check("probes", evidence -> {
                    moved.set(true);
                    evidence.daemon().runHelper(new HelperRun("busybox:latest", "bridge", List.of("true"),
                            Duration.ofSeconds(1)));
                    ran.add("probed");
                    return Verdict.pass(Text.of("ok", "ok"));
                }),
                check("third", evidence -> {
                    ran.add("third");
                    return Verdict.pass(Text.of("ok", "ok"));
                })), new SameSandboxDaemon(daemon, sameSandbox), context, Duration.ofMinutes(1), sameSandbox, report -> {
        })).isInstanceOf(SandboxChangedException.class).hasMessageContaining("sb-other");

        assertThat(ran).containsExactly("first");
        assertThat(daemon.helperRuns).as("no probe reached the daemon").isEmpty();
    }

    /** A check that holds its thread until the test ends, ignoring interruption (as a blocked socket read does). */
    private static io.labfleet.validation.check.Check holding(CountDownLatch released) {
        return evidence -> {
            while (true) {
                try {
                    released.await();
                    return Verdict.pass(Text.of("trop tard", "too late"));
                } catch (InterruptedException e) {
                    // a socket read does not stop either
                }
            }
        };
    }

    @Test
    void whenTheRunsTimeIsSpentTheChecksLeftEndErrorAtOnce() {
        CheckEngine engine = new CheckEngine(threads, Duration.ofSeconds(30));
        CountDownLatch released = new CountDownLatch(1);
        try {
            List<CheckReport> reports = engine.run(List.of(check("first", holding(released)),
                    check("second", holding(released)), check("third", evidence -> Verdict.pass(Text.of("ok", "ok")))),
                    new FakeSandboxDaemon(), context, Duration.ofMillis(300), () -> {
                    }, report -> {
                    });

            assertThat(reports).extracting(r -> r.outcome().status())
                    .containsExactly(CheckStatus.ERROR, CheckStatus.ERROR, CheckStatus.ERROR);
            assertThat(reports).allSatisfy(r -> assertThat(r.outcome().message().en())
                    .startsWith("Not checked: the validation went past its longest time"));
            assertThat(reports.get(0).outcome().message().fr()).contains("durée maximale");
        } finally {
            released.countDown();
        }
    }

    @Test
    void checksStuckOnTheirThreadsDoNotMakeTheServiceStartMore() {
        ExecutorService bounded = ValidationRunner.checkThreads(1);
        CountDownLatch released = new CountDownLatch(1);
        try {
            CheckEngine engine = new CheckEngine(bounded, Duration.ofMillis(200));
            List<CheckReport> reports = engine.run(List.of(check("stuck", holding(released)),
                    check("stuck too", holding(released)), check("quick", evidence -> Verdict.pass(Text.of("ok", "ok")))),
                    new FakeSandboxDaemon(), context, Duration.ofMinutes(1), () -> {
                    }, report -> {
                    });

            assertThat(reports).extracting(r -> r.outcome().status())
                    .containsExactly(CheckStatus.ERROR, CheckStatus.ERROR, CheckStatus.ERROR);
            assertThat(reports.get(2).outcome().message().en()).startsWith("The service is busy checking other sandboxes");
        } finally {
            released.countDown();
            bounded.shutdownNow();
        }
    }

    @Test
    void aDaemonThatDoesNotSayWhoItIsWithinTheCheckTimeLimitIsUnreachable() {
        CheckEngine engine = new CheckEngine(threads, Duration.ofMillis(200));
        CountDownLatch released = new CountDownLatch(1);
        FakeSandboxDaemon silent = new FakeSandboxDaemon() {
            @Override
            public DaemonInfo info() {
                holding(released).evaluate(null);
                return super.info();
            }
        };
        try {
            assertThatThrownBy(() -> engine.reach(silent)).isInstanceOf(SandboxDaemonException.class)
                    .hasMessage("no answer within 200 ms");
        } finally {
            released.countDown();
        }
    }
}
