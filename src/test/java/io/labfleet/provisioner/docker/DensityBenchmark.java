package io.labfleet.provisioner.docker;

import io.labfleet.lifecycle.ExpiryReaper;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxSuspensions;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.DockerInstallation;
import io.labfleet.support.DockerSandboxes;
import io.labfleet.support.HostDocker;
import io.labfleet.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many idle sandboxes this host holds, through the API of the service the test harness boots (the Docker
 * backend, {@link DockerBackendProfile}): N sandboxes created by learners of several tenants (two each, the
 * default quota), how many became READY, the host's memory per sandbox (MemAvailable before and after, over N),
 * the containers' own figures ({@code docker stats} and their cgroup's resident memory), the service's RSS, and
 * why any failed; then how much memory suspending them frees and how long a wake takes; then every sandbox is
 * deleted and nothing of the run may be left. Not part of the test suites
 * (its name matches neither *Test nor *IT); {@code bench/density} runs it. {@code -Dbench.sandboxes} (default 20),
 * {@code -Dbench.lab} (default p3-container-lifecycle).
 */
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
class DensityBenchmark extends ApiTest {

    private static final int SANDBOXES_PER_LEARNER = 2;
    private static final int SANDBOXES_PER_TENANT = 50;
    private static final Duration IDLE = Duration.ofSeconds(20);
    private static final Set<String> SETTLED = Set.of("READY", "EXPIRING", "FAILED");
    /** How many suspended sandboxes are woken to time a wake. */
    private static final int WAKES = 5;

    @Inject
    SandboxSuspensions suspensions;
    @Inject
    Scheduler scheduler;

    @Test
    void idleSandboxesOnThisHost() throws Exception {
        int count = Integer.getInteger("bench.sandboxes", 20);
        boolean suspendAsReady = Boolean.getBoolean("bench.suspendAsReady");
        if (suspendAsReady) {
            scheduler.pause(ExpiryReaper.JOB); // the sandboxes' activity is moved back a day: no idle timeout
        }
        String lab = System.getProperty("bench.lab", "p3-container-lifecycle");
        long availableBefore = memAvailableKib();
        long serviceBefore = serviceRssKib();
        long start = System.nanoTime();

        Map<String, Learner> learnerOf = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicLong maxRunning = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.ScheduledExecutorService suspender = Executors.newSingleThreadScheduledExecutor();
        if (suspendAsReady) {
            // As suspend-after does to an idle sandbox, without the wait: independent of the requests and polls.
            suspender.scheduleWithFixedDelay(() -> {
                try {
                    suspendReady(List.copyOf(learnerOf.keySet()));
                    maxRunning.accumulateAndGet(HostDocker.run("ps", "-q", "--filter", "label="
                            + SandboxLabels.INSTALLATION + "=" + DockerInstallation.id()).lines().count(), Math::max);
                } catch (RuntimeException e) {
                    System.out.println("density: a suspension pass failed: " + e.getMessage());
                }
            }, 2, 2, TimeUnit.SECONDS);
        }
        String tenant = null;
        Learner learner = null;
        for (int i = 0; i < count; i++) {
            if (i % SANDBOXES_PER_TENANT == 0) {
                tenant = freshTenant("density");
            }
            if (i % SANDBOXES_PER_LEARNER == 0) {
                learner = new Learner(tenant, "learner-" + i);
            }
            String id = as(learner.token()).contentType("application/json").body("{\"labId\":\"" + lab + "\"}")
                    .post("/api/v1/sandboxes").then().statusCode(202).extract().path("id");
            learnerOf.put(id, learner);
        }

        // One query a round for all of them: a thousand API reads every two seconds would be the load measured.
        Map<String, String> states = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).plusSeconds(6L * count).toNanos();
        while (System.nanoTime() < deadline) {
            QuarkusTransaction.requiringNew().call(() -> Sandbox.statesOf(learnerOf.keySet()))
                    .forEach((id, state) -> states.put(id, state.name()));
            if (states.size() == learnerOf.size() && states.values().stream().allMatch(DensityBenchmark::settled)) {
                break;
            }
            Thread.sleep(2000);
        }
        suspender.shutdownNow();
        long settledSeconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        List<String> ready = states.entrySet().stream().filter(e -> !"FAILED".equals(e.getValue())
                && settled(e.getValue())).map(Map.Entry::getKey).toList();
        Map<String, Integer> failures = new TreeMap<>();
        states.forEach((id, state) -> {
            if ("FAILED".equals(state)) {
                failures.merge(DockerSandboxes.reasonOf(learnerOf.get(id).token(), id), 1, Integer::sum);
            } else if (!settled(state)) {
                failures.merge("still " + state + " at the deadline", 1, Integer::sum);
            }
        });

        if (suspendAsReady) {
            suspendReady(ready);
            awaitSuspensions(ready);
        }
        Thread.sleep(IDLE.toMillis());
        long availableAfter = memAvailableKib();
        long serviceAfter = serviceRssKib();
        List<Double> statsMib = new ArrayList<>();
        List<Double> rssMib = new ArrayList<>();
        List<Double> tasks = new ArrayList<>();
        List<String> containers = suspendAsReady ? List.of()
                : ready.stream().map(id -> DockerSandboxModel.name(DockerInstallation.id(), id)).toList();
        if (!containers.isEmpty()) {
            List<String> command = new ArrayList<>(List.of("stats", "--no-stream", "--format", "{{.MemUsage}}"));
            command.addAll(containers);
            HostDocker.run(command.toArray(String[]::new)).lines()
                    .forEach(usage -> statsMib.add(mebibytes(usage.strip().split(" ")[0])));
        }
        containers.forEach(container -> cgroupFigures(container, rssMib, tasks));
        // Not Files.readString: a sysctl file reports no size, and that read stops after its first byte.
        long pidMax = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).strip());

        System.out.printf(Locale.ROOT, "density: %d of %d sandboxes READY (%d s from the first request until all"
                + " settled), lab %s%n", ready.size(), count, settledSeconds, lab);
        failures.forEach((reason, times) -> System.out.printf("density: %d failed: %s%n", times, reason));
        System.out.printf(Locale.ROOT, "density: host memory %.1f MiB per sandbox (MemAvailable %d -> %d MiB, %d s"
                        + " idle; other work on the machine moves it too)%n",
                (availableBefore - availableAfter) / 1024.0 / Math.max(1, ready.size()), availableBefore / 1024,
                availableAfter / 1024, IDLE.toSeconds());
        if (!suspendAsReady) { // a suspended sandbox's container has no memory, cgroup or process to show
            System.out.printf(Locale.ROOT, "density: containers' own memory per sandbox: docker stats mean %.1f MiB"
                            + " (median %.1f, max %.1f); cgroup resident (rss) mean %.1f MiB%n",
                    mean(statsMib), median(statsMib), statsMib.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    mean(rssMib));
        }
        System.out.printf(Locale.ROOT, "density: service RSS %d MiB before, %d MiB with the sandboxes%n",
                serviceBefore / 1024, serviceAfter / 1024);
        if (!suspendAsReady) {
            System.out.printf(Locale.ROOT, "density: processes and threads per sandbox (its pids cgroup) mean %.0f:"
                            + " kernel.pid_max %d holds about %d sandboxes before anything else runs%n", mean(tasks), pidMax,
                    mean(tasks) == 0 ? 0 : Math.round(pidMax / mean(tasks)));
        }

        if (suspendAsReady) {
            List<String> suspended = suspendedOf(ready);
            System.out.printf(Locale.ROOT, "density: suspended as they became READY: %d of %d suspended at the end"
                    + " (the memory figures above are theirs); at most %d sandbox containers ran at once%n",
                    suspended.size(), ready.size(), maxRunning.get());
            timeWakes(suspended);
            scheduler.resume(ExpiryReaper.JOB);
        } else {
            suspendAndWake(ready, availableAfter);
        }

        learnerOf.forEach((id, owner) -> as(owner.token()).delete("/api/v1/sandboxes/" + id));
        long removed = learnerOf.entrySet().stream().filter(sandbox -> "TERMINATED".equals(DockerSandboxes.awaitState(
                sandbox.getValue().token(), sandbox.getKey(), Set.of("TERMINATED", "FAILED"), Duration.ofMinutes(5))))
                .count();
        List<String> left = HostDocker.objectsLabelled(SandboxLabels.INSTALLATION, DockerInstallation.id());
        System.out.printf("density: deleted %d, TERMINATED %d; Docker objects left: %d%n", learnerOf.size(), removed,
                left.size());
        assertThat(left).as("everything the run created is gone").isEmpty();
    }

    /**
     * Suspends the idle sandboxes as {@code labfleet.lifecycle.suspend-after} would (their activity moved back a day,
     * the reaper paused so that their idle timeout does not end them), prints the host's memory per suspended sandbox
     * and how long a wake takes (what a learner's first command after a suspension waits for), for a few of them.
     */
    private void suspendAndWake(List<String> ready, long availableIdleKib) throws Exception {
        scheduler.pause(ExpiryReaper.JOB);
        try {
            long start = System.nanoTime();
            suspendReady(ready);
            awaitSuspensions(ready);
            long suspendSeconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            List<String> suspended = suspendedOf(ready);
            Thread.sleep(IDLE.toMillis());
            long availableSuspended = memAvailableKib();
            System.out.printf(Locale.ROOT, "density: %d of %d idle sandboxes suspended in %d s; host memory freed"
                            + " %.1f MiB per suspended sandbox (MemAvailable %d -> %d MiB, %d s after)%n",
                    suspended.size(), ready.size(), suspendSeconds,
                    (availableSuspended - availableIdleKib) / 1024.0 / Math.max(1, suspended.size()),
                    availableIdleKib / 1024, availableSuspended / 1024, IDLE.toSeconds());
            timeWakes(suspended);
        } finally {
            scheduler.resume(ExpiryReaper.JOB);
        }
    }

    /** Moves back a day the activity of those of the sandboxes that are READY and awake, and runs a suspension pass. */
    private void suspendReady(List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> Sandbox.update("lastActivityAt = ?1 where id in ?2 and state = ?3"
                + " and suspendedAt is null and lastActivityAt > ?1", now.minus(Duration.ofDays(1)), ids,
                io.labfleet.sandbox.SandboxState.READY));
        suspensions.suspendIdleLater(now.minus(Duration.ofHours(23)), Duration.ofHours(1));
    }

    /** Runs suspension passes until none of the sandboxes is claimed or still running unsuspended. */
    private void awaitSuspensions(List<String> ids) {
        Await.until(Duration.ofMinutes(30), () -> {
            suspensions.suspendIdleLater(Instant.now().minus(Duration.ofHours(23)), Duration.ofHours(1));
            return QuarkusTransaction.requiringNew().call(() -> Sandbox.count("id in ?1 and (claimedBy is not null"
                    + " or suspendedAt is null)", ids));
        }, left -> left == 0, "the suspensions");
    }

    private static List<String> suspendedOf(List<String> ids) {
        return QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>list("id in ?1 and suspendedAt is not null",
                ids)).stream().map(sandbox -> sandbox.id).toList();
    }

    /** Wakes a few suspended sandboxes one at a time: what a learner's first command after a suspension waits. */
    private void timeWakes(List<String> suspended) {
        List<Double> wakeMillis = new ArrayList<>();
        for (String id : suspended.subList(0, Math.min(WAKES, suspended.size()))) {
            long wakeStart = System.nanoTime();
            suspensions.wakeAndWait(id);
            wakeMillis.add((System.nanoTime() - wakeStart) / 1e6);
        }
        System.out.printf(Locale.ROOT, "density: wake (container started, daemon answering) median %.0f ms,"
                + " max %.0f ms, over %d sandboxes one at a time%n", median(wakeMillis),
                wakeMillis.stream().mapToDouble(Double::doubleValue).max().orElse(0), wakeMillis.size());
    }

    /**
     * The container's cgroup's resident memory, in MiB, and its tasks (processes and threads, each of which takes a
     * pid of the host).
     */
    private static void cgroupFigures(String container, List<Double> rssMib, List<Double> tasks) {
        String id = HostDocker.run("inspect", "--format", "{{.Id}}", container);
        for (Path current : List.of(Path.of("/sys/fs/cgroup/pids/docker", id, "pids.current"),
                Path.of("/sys/fs/cgroup/pids/system.slice", "docker-" + id + ".scope", "pids.current"),
                Path.of("/sys/fs/cgroup/system.slice", "docker-" + id + ".scope", "pids.current"))) {
            try {
                tasks.add(Double.parseDouble(Files.readAllLines(current).get(0).strip()));
                break;
            } catch (IOException notThisLayout) {
                // The next layout.
            }
        }
        for (Path stat : List.of(Path.of("/sys/fs/cgroup/memory/docker", id, "memory.stat"),
                Path.of("/sys/fs/cgroup/memory/system.slice", "docker-" + id + ".scope", "memory.stat"),
                Path.of("/sys/fs/cgroup/system.slice", "docker-" + id + ".scope", "memory.stat"))) {
            try {
                for (String line : Files.readAllLines(stat)) {
                    String[] field = line.split(" ");
                    if (field[0].equals("total_rss") || field[0].equals("anon")) {
                        rssMib.add(Long.parseLong(field[1]) / 1024.0 / 1024.0);
                        return;
                    }
                }
            } catch (IOException notThisLayout) {
                // The next layout (cgroup v1 with the cgroupfs or systemd driver, cgroup v2).
            }
        }
    }

    /** A learner of the run; tokens last ten minutes, a run longer: each request gets a fresh one. */
    private record Learner(String tenant, String subject) {
        String token() {
            return Tokens.learner(tenant, subject);
        }
    }

    /** Whether the sandbox got as far as it will (READY, or FAILED); not yet when its state is still unknown. */
    private static boolean settled(String state) {
        return state != null && SETTLED.contains(state);
    }

    /** {@code 37.7MiB}, {@code 1.2GiB}, {@code 900KiB} in MiB. */
    private static double mebibytes(String size) {
        double value = Double.parseDouble(size.replaceAll("[A-Za-z]+$", ""));
        if (size.endsWith("GiB")) {
            return value * 1024;
        }
        return size.endsWith("KiB") ? value / 1024 : value;
    }

    private static long memAvailableKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemAvailable:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }

    private static long serviceRssKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("VmRSS:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return 0;
        }
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
