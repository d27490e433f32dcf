package io.labfleet.gateway;

import io.labfleet.support.ApiTest;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.DockerSandboxes;
import io.labfleet.support.LearnerTerminal;
import io.labfleet.support.Processes;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway costs a learner, on a real sandbox of the Docker backend, measured in one run: {@code docker --context X version} through the gateway,
 * the same against the sandbox daemon directly, and a bare ssh round trip to the gateway (login, then a
 * {@code docker system dial-stdio} that carries no request). Not part of the test suites (its name matches
 * neither *Test nor *IT); {@code bench/context} runs it. Rounds: {@code -Dbench.rounds} (default 15), after
 * {@code -Dbench.warmup} commands through the gateway that are not measured (default 200). The
 * reused-connection and direct runs alternate, so that the ratio between them holds on a machine whose load moves.
 */
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
class ContextBenchmark extends ApiTest {

    @Inject
    SshGateway gateway;

    @Test
    void medianWallTimes() {
        int rounds = Integer.getInteger("bench.rounds", 15);
        String learner = Tokens.learner(freshTenant("bench"), "bench");
        Path key = Learners.registeredKey(learner, "bench");
        String id = DockerSandboxes.createReady(learner, DockerContextIT.LAB, null);
        String daemon = DockerSandboxes.daemonEndpoint(id);
        try (LearnerTerminal terminal = Learners.terminal(learner, id, key)) {
            String createCommand = as(learner).get("/api/v1/sandboxes/" + id + "/context").then().extract()
                    .path("createCommand");
            terminal.shell(createCommand).assertSuccess();
            String port = String.valueOf(gateway.boundPort());
            List<String> direct = List.of("docker", "-H", daemon, "version");

            Supplier<Processes.Result> throughGateway = () -> terminal.docker("--context", id, "version");
            Runnable noSharedConnection = terminal::closeSharedConnections;
            Supplier<Processes.Result> daemonDirectly = () -> terminal.run(direct);
            Supplier<Processes.Result> sshRoundTrip = () -> terminal.sshWithInput(new byte[0], "-p", port,
                    id + "@localhost", "docker", "system", "dial-stdio");
            // What any ssh:// context costs before a byte reaches a server: the learner's ssh starting and reading
            // its configuration (-G prints it and connects nowhere).
            Supplier<Processes.Result> sshStart = () -> terminal.sshWithInput(new byte[0], "-G", id);

            // A gateway that serves a class has run its channel path thousands of times: the JIT has compiled it.
            // A fresh test JVM interprets it (measured: an empty channel 15 ms before 500 channels, 11 ms after).
            int warmup = Integer.getInteger("bench.warmup", 200);
            for (int i = 0; i < warmup; i++) {
                throughGateway.get().assertSuccess();
            }
            String loadBefore = loadAverage();
            long gatewayMedian = median(noSharedConnection, throughGateway, rounds);
            // The ratio's two sides alternate round by round, so that a change in the machine's load falls on both.
            long[] reusedAndDirect = interleavedMedians(throughGateway, daemonDirectly, rounds);
            long reusedMedian = reusedAndDirect[0];
            long directMedian = reusedAndDirect[1];
            long sshMedian = median(noSharedConnection, sshRoundTrip, rounds);
            // The reused figure taken apart: ssh's own start, and a channel through the gateway that carries no
            // request (the admission's database read, the exec, the daemon's connect and close).
            long[] startAndChannel = interleavedMedians(sshStart, sshRoundTrip, rounds);
            // Starting any process from this JVM costs milliseconds that docker's own start of its ssh does not.
            long spawnMedian = median(() -> { }, () -> terminal.run(List.of("/bin/true")), rounds);
            System.out.printf("%n%-62s median %5d ms (%d runs)%n", "docker --context " + id + " version (new SSH connection)",
                    gatewayMedian, rounds);
            System.out.printf("%-62s median %5d ms (%d runs)%n", "docker --context " + id + " version (reused connection)",
                    reusedMedian, rounds);
            System.out.printf("%-62s median %5d ms (%d runs)%n", "docker -H " + daemon + " version (direct)",
                    directMedian, rounds);
            System.out.printf("%-62s median %5d ms (%d runs)%n", "ssh round trip to the gateway (login + empty dial-stdio)",
                    sshMedian, rounds);
            System.out.printf("%-62s median %5d ms (%d runs)%n", "ssh client start alone (ssh -G: reads its config, connects nowhere)",
                    startAndChannel[0], rounds);
            System.out.printf("%-62s median %5d ms (%d runs)%n", "ssh with an empty dial-stdio on the shared connection",
                    startAndChannel[1], rounds);
            System.out.printf("%-62s median %5d ms (%d runs)%n", "/bin/true (starting a process from the benchmark)",
                    spawnMedian, rounds);
            long start = startAndChannel[0] - spawnMedian;
            long channel = startAndChannel[1] - startAndChannel[0];
            System.out.printf("reused over direct %d ms: the ssh client's own start about %d ms (any ssh:// context pays"
                    + " it, whatever the server; here with the test's /bin/sh wrapper, about a millisecond), an empty"
                    + " channel through the gateway about %d ms (its daemon connect included, which direct pays too),"
                    + " %d ms left (the requests' way through ssh and the gateway, and the medians' spread)%n",
                    reusedMedian - directMedian, start, channel, reusedMedian - directMedian - start - channel);
            System.out.printf("ratio reused/direct %.2f, new connection/direct %.2f (after %d warm-up commands through the gateway)%n",
                    (double) reusedMedian / directMedian, (double) gatewayMedian / directMedian, warmup);
            System.out.printf("load average %s before, %s after%n%n", loadBefore, loadAverage());
            assertThat(gatewayMedian).isPositive();
        }
    }

    /** The machine's 1, 5 and 15 minute load averages: figures on a shared machine mean little without them. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return String.join(" / ", fields[0], fields[1], fields[2]);
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Runs each command once to warm up, then both {@code rounds} times, alternating which goes first; every run must
     * succeed. Returns both medians.
     */
    private static long[] interleavedMedians(Supplier<Processes.Result> first, Supplier<Processes.Result> second,
                                             int rounds) {
        first.get().assertSuccess();
        second.get().assertSuccess();
        List<Long> firstMillis = new ArrayList<>();
        List<Long> secondMillis = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            if (i % 2 == 0) {
                firstMillis.add(timed(first));
                secondMillis.add(timed(second));
            } else {
                secondMillis.add(timed(second));
                firstMillis.add(timed(first));
            }
        }
        return new long[] {median(firstMillis), median(secondMillis)};
    }

    private static long timed(Supplier<Processes.Result> command) {
        long start = System.nanoTime();
        command.get().assertSuccess();
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Runs once to warm up, then {@code rounds} times, each after {@code before}; every run must succeed. */
    private static long median(Runnable before, Supplier<Processes.Result> command, int rounds) {
        command.get().assertSuccess();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            before.run();
            millis.add(timed(command));
        }
        return median(millis);
    }

    private static long median(List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
