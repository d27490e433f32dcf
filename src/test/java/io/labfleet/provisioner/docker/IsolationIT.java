package io.labfleet.provisioner.docker;

import io.labfleet.gateway.Learners;
import io.labfleet.gateway.SshGateway;
import io.labfleet.provisioner.leases.RootlessUidPool;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.DockerInstallation;
import io.labfleet.support.DockerSandboxes;
import io.labfleet.support.HostDocker;
import io.labfleet.support.LearnerTerminal;
import io.labfleet.support.Processes;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile learner on a real rootless sandbox, from its SSH shell and from a nested container run through their
 * Docker context with every capability and no seccomp profile of its own: each door to the host, the service or
 * another learner is tried, and must be shut. Every attempt has a control showing that the same attempt works where
 * the door is open (a container of the host engine with the right capability, a target reached from the host), so
 * a refusal here is the fence's doing, not a broken attempt. Targets are only this machine's addresses and this
 * test's own files, listener and containers.
 */
@Tag("engine")
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolationIT extends ApiTest {

    private static final String LAB = "p3-container-lifecycle";
    private static final String ATTACKER = "attacker";
    private static final int NESTED_WEB_PORT = 8080;

    @Inject
    SshGateway gateway;

    private Path helper;
    private Path marker;
    private String markerText;
    private String markerHandle;
    private ServerSocket listener;
    private LearnerTerminal terminal;
    private String sandbox;
    private String neighbour;

    /** Where an attempt runs: the learner's SSH shell in the sandbox, or a container nested in it. */
    private enum Place { SHELL, NESTED }

    /** Once for the class, in the first test's setting: REST Assured knows the service's port only by then. */
    @BeforeEach
    void setUpOnce() throws Exception {
        if (sandbox != null) {
            return;
        }
        helper = compileHelper();
        marker = Files.createTempFile(Path.of("/var/tmp"), "labfleet-isolation-", ".txt");
        markerText = "host secret " + UUID.randomUUID();
        Files.writeString(marker, markerText);
        markerHandle = Processes.run(List.of(helper.toString(), "handle", marker.toString()), java.util.Map.of(),
                Duration.ofSeconds(10)).assertSuccess().stdout().strip();
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress("0.0.0.0", 0));
        Thread accepting = new Thread(this::acceptForever, "isolation-listener");
        accepting.setDaemon(true);
        accepting.start();

        String learner = Tokens.learner(freshTenant("iso"), "mallory");
        Path key = Learners.registeredKey(learner, "laptop");
        sandbox = DockerSandboxes.createReady(learner, LAB, null);
        neighbour = DockerSandboxes.createReady(Tokens.learner(freshTenant("iso"), "victim"), LAB, null);
        HostDocker.run("-H", DockerSandboxes.daemonEndpoint(neighbour), "run", "-d", "--name", "victim-web",
                "-p", NESTED_WEB_PORT + ":80", "nginx");

        terminal = Learners.terminal(learner, sandbox, key);
        terminal.shell(as(learner).get("/api/v1/sandboxes/" + sandbox + "/context").then().statusCode(200)
                .extract().<String>path("createCommand")).assertSuccess();
        byte[] binary = Files.readAllBytes(helper);
        terminal.sshWithInput(binary, sshTarget("cat > escape && chmod 0755 escape")).assertSuccess();
        docker("run", "-d", "--pull=never", "--name", ATTACKER, "--cap-add", "ALL", "--security-opt",
                "seccomp=unconfined", "--security-opt", "apparmor=unconfined", "nginx", "sleep", "3600").assertSuccess();
        docker("cp", helper.toString(), ATTACKER + ":/escape").assertSuccess();
        docker("run", "-d", "--pull=never", "--name", "own-web", "-p", NESTED_WEB_PORT + ":80", "nginx").assertSuccess();
    }

    @AfterAll
    void tearDown() throws IOException {
        if (terminal != null) {
            terminal.close();
        }
        if (listener != null) {
            listener.close();
        }
        if (marker != null) {
            Files.deleteIfExists(marker);
        }
    }

    @Test
    void noFileOfTheHostCanBeOpenedByItsHandle() {
        assertThat(onTheHostWithDacReadSearch("open", "/etc/hostname", markerHandle).stdout())
                .as("control: a host container holding CAP_DAC_READ_SEARCH reads the marker").contains(markerText);

        for (Place place : Place.values()) {
            assertRefused(place, "open", "/etc/hostname", markerHandle);
            assertRefused(place, "open", "/etc/hostname", markerHandle, "rw");
        }
    }

    @Test
    void noDeviceNodeCgroupOrKernelSettingOfTheHostCanBeReached() throws IOException {
        String[] device = Processes.run(List.of("stat", "-c", "%Hd %Ld", marker.toString()), java.util.Map.of(),
                Duration.ofSeconds(10)).assertSuccess().stdout().strip().split(" ");
        assertThat(Files.readString(Path.of("/proc/sys/kernel/core_pattern"))).as("control: the host has one").isNotEmpty();

        for (Place place : Place.values()) {
            assertRefused(place, "blockdev", device[0], device[1]);
            assertRefused(place, "cgroup");
            assertRefused(place, "corepattern");
        }
    }

    @Test
    void aNestedPrivilegedContainerIsRefused() {
        Processes.Result privileged = docker("run", "--rm", "--pull=never", "--privileged", "nginx", "true");

        assertThat(privileged.exitCode()).as(privileged.stdout() + privileged.stderr()).isNotZero();
        assertThat(privileged.stderr()).as("refused by the kernel, not failing for another reason")
                .contains("operation not permitted");
    }

    /** The fence is IPv4: sandbox networks have no IPv6, and a learner cannot turn it on in their sandbox. */
    @Test
    void ipv6StaysOffInTheSandbox() {
        Processes.Result result = terminal.ssh(sshTarget(
                "cat /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 0 > /proc/sys/net/ipv6/conf/all/disable_ipv6"));

        assertThat(result.stdout().strip()).isEqualTo("1");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).containsAnyOf("Read-only file system", "Permission denied");
    }

    /** On a virtual machine, vsock reaches the hypervisor's own services, which no iptables rule sees. */
    @Test
    void noVsockSocketCanBeOpened() {
        Processes.Result onTheMachine = Processes.run(List.of(helper.toString(), "vsock"), java.util.Map.of(),
                Duration.ofSeconds(10));
        assertThat(onTheMachine.stdout()).as("control: this machine's own processes open one").contains("opened");

        for (Place place : Place.values()) {
            assertRefused(place, "vsock");
        }
    }

    @Test
    void noPortOfTheHostAnswersASandboxOnAnyOfItsAddresses() throws IOException {
        String docker0 = NetworkInterface.getByName("docker0").inetAddresses().filter(Inet4Address.class::isInstance)
                .map(InetAddress::getHostAddress).findFirst().orElseThrow();
        assertThat(onTheHost("connect", docker0, port()).stdout())
                .as("control: an ordinary container of the host reaches the listener").contains("connected");
        assertThat(inside(Place.SHELL, "connect", "127.0.0.1", String.valueOf(NESTED_WEB_PORT)).stdout())
                .as("control: connections work inside the sandbox").contains("connected");

        for (String address : hostAddresses()) {
            for (Place place : Place.values()) {
                assertRefused(place, "connect", address, port());
            }
        }
    }

    @Test
    void neitherAnotherSandboxsDaemonNorItsContainersAnswer() throws IOException {
        String other = DockerSandboxes.daemonAddress(neighbour);
        try (Socket control = new Socket()) {
            control.connect(new InetSocketAddress(other, NESTED_WEB_PORT), 3000);
        }

        for (Place place : Place.values()) {
            assertRefused(place, "connect", other, "2375");
            assertRefused(place, "connect", other, String.valueOf(NESTED_WEB_PORT));
        }
        assertThat(onTheHost("connect", DockerSandboxes.daemonAddress(sandbox), "2375").stderr())
                .as("only the service reaches a sandbox's daemon, no container of the host").contains("refused:");
    }

    /**
     * Read from the host: every process of each sandbox (its daemons, the learner's shell, their nested containers)
     * runs as that sandbox's own uid or one of its own subordinate ids, and the two sandboxes share none. The
     * learner's shell runs as the sandbox's uid.
     */
    @Test
    void twoSandboxesRunAsHostUidsOfTheirOwnWithDisjointSubordinateIds() {
        // A nested process as user 4242 runs as the 4242nd subordinate id of its sandbox's uid on the host.
        HostDocker.run("-H", DockerSandboxes.daemonEndpoint(neighbour), "run", "-d", "--name", "user-4242",
                "--user", "4242", "nginx", "sleep", "600");
        HostIds mine = hostIdsOf(sandbox);
        HostIds theirs = hostIdsOf(neighbour);
        HostDocker.run("-H", DockerSandboxes.daemonEndpoint(neighbour), "rm", "-f", "user-4242");

        assertThat(mine.uid()).isNotEqualTo(theirs.uid()).isNotEqualTo(0).isNotEqualTo(1000);
        assertThat(mine.subordinateCount()).isEqualTo(RootlessUidPool.SUBORDINATE_IDS);
        assertThat(mine.owns(theirs.uid()) || theirs.owns(mine.uid())).isFalse();
        assertThat(mine.subordinateStart() + mine.subordinateCount() <= theirs.subordinateStart()
                || theirs.subordinateStart() + theirs.subordinateCount() <= mine.subordinateStart())
                .as("disjoint subordinate ids: " + mine + " and " + theirs).isTrue();
        for (HostIds ids : List.of(mine, theirs)) {
            assertThat(ids.processUids()).as("the host uids of every process of " + ids).allMatch(ids::owns);
        }
        assertThat(theirs.processUids()).as("the neighbour's nested user 4242")
                .contains(theirs.subordinateStart() + 4242 - 1);
        assertThat(terminal.ssh(sshTarget("id -u")).assertSuccess().stdout().strip())
                .isEqualTo(String.valueOf(mine.uid()));
    }

    /**
     * The kernel limits inotify instances per uid (128 here): a learner who takes every one their uid may have in
     * their sandbox leaves the neighbour's sandbox its own. (When every sandbox ran as uid 1000, the neighbour's
     * daemons and tools could open none.)
     */
    @Test
    void exhaustingInotifyInstancesInOneSandboxLeavesAnotherItsOwn() {
        String neighbourContainer = DockerSandboxModel.name(DockerInstallation.id(), neighbour);
        HostDocker.run("cp", helper.toString(), neighbourContainer + ":/tmp/escape");
        terminal.ssh(sshTarget("./escape inotify-hold 60 > inotify.out 2>&1 & echo $! > inotify.pid")).assertSuccess();
        try {
            String held = Await.until(Duration.ofSeconds(30),
                    () -> terminal.ssh(sshTarget("cat inotify.out")).stdout(), out -> out.contains("holding"),
                    "the learner's program holding every inotify instance");
            assertThat(held).contains("Too many open files");
            assertRefused(Place.SHELL, "inotify");

            HostDocker.Result other = HostDocker.attempt("exec", neighbourContainer, "/tmp/escape", "inotify");
            assertThat(other.output()).as("the neighbour's sandbox opens an inotify instance")
                    .contains("opened an inotify instance");
        } finally {
            terminal.ssh(sshTarget("kill $(cat inotify.pid)"));
        }
        assertThat(inside(Place.SHELL, "inotify").stdout()).as("given back when the program ends")
                .contains("opened an inotify instance");
    }

    /**
     * newuidmap holds CAP_SETUID as a file capability: with a writable /etc/subuid, or a range not checked against
     * the caller, a learner could map any host uid (0 among them) into a user namespace of their own. /etc/subuid is
     * root's, and newuidmap maps only the caller's own range (the control: their own uid maps).
     */
    @Test
    void aLearnerCannotRewriteTheirSubordinateIdsNorMapIdsThatAreNotTheirs() {
        HostIds mine = hostIdsOf(sandbox);
        HostIds theirs = hostIdsOf(neighbour);
        Processes.Result write = terminal.ssh(sshTarget("echo \"$(id -un):0:65536\" >> /etc/subuid"));
        assertThat(write.exitCode()).isNotZero();
        assertThat(write.stderr()).contains("Permission denied");

        String map = "unshare -U sleep 30 & pid=$!; sleep 1; "
                + "newuidmap $pid 0 %d %d; echo other=$?; newuidmap $pid 0 0 1; echo root=$?; "
                + "newgidmap $pid 0 %d %d; echo othergid=$?; newuidmap $pid 0 %d 1; echo own=$?; kill $pid";
        Processes.Result result = terminal.ssh(sshTarget(String.format(map, theirs.subordinateStart(),
                theirs.subordinateCount(), theirs.subordinateStart(), theirs.subordinateCount(), mine.uid())));

        assertThat(result.stdout()).contains("other=1", "root=1", "othergid=1").as("control").contains("own=0");
        assertThat(result.stderr()).contains("not allowed");
    }

    /** A sandbox's uid and subordinate ids as the host sees them, and the host uids its processes run as. */
    private record HostIds(int uid, long subordinateStart, long subordinateCount, Set<Long> processUids) {
        boolean owns(long hostUid) {
            return hostUid == uid || (hostUid >= subordinateStart && hostUid < subordinateStart + subordinateCount);
        }
    }

    /**
     * From the host's /proc: the container's first process gives the uid; a process in the rootless daemon's user
     * namespace gives the mapping ({@code 0 <uid> 1} then {@code 1 <start> <count>}); every descendant its uid.
     */
    private static HostIds hostIdsOf(String sandboxId) {
        long pid = Long.parseLong(HostDocker.run("inspect", "--format", "{{.State.Pid}}",
                DockerSandboxModel.name(DockerInstallation.id(), sandboxId)));
        int uid = (int) realUid(pid);
        long start = -1;
        long count = -1;
        Set<Long> uids = new TreeSet<>();
        Deque<Long> pending = new ArrayDeque<>(List.of(pid));
        while (!pending.isEmpty()) {
            long process = pending.pop();
            try {
                uids.add(realUid(process));
                List<String[]> map = Files.readAllLines(Path.of("/proc", String.valueOf(process), "uid_map")).stream()
                        .map(line -> line.strip().split("\\s+")).toList();
                if (map.size() == 2 && map.get(0)[0].equals("0") && map.get(1)[0].equals("1")) {
                    assertThat(map.get(0)[1]).as("root of the daemon's user namespace").isEqualTo(String.valueOf(uid));
                    start = Long.parseLong(map.get(1)[1]);
                    count = Long.parseLong(map.get(1)[2]);
                }
                try (var tasks = Files.list(Path.of("/proc", String.valueOf(process), "task"))) {
                    for (Path task : tasks.toList()) {
                        String children = String.join(" ", Files.readAllLines(task.resolve("children")));
                        for (String child : children.strip().split(" ")) {
                            if (!child.isEmpty()) {
                                pending.push(Long.parseLong(child));
                            }
                        }
                    }
                }
            } catch (IOException | java.io.UncheckedIOException exited) {
                // A process that ended while it was read has no uid left to check.
            }
        }
        assertThat(start).as("the rootless daemon's user namespace of " + sandboxId).isPositive();
        return new HostIds(uid, start, count, uids);
    }

    private static long realUid(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                    .filter(line -> line.startsWith("Uid:")).map(line -> Long.parseLong(line.split("\\s+")[1]))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertRefused(Place place, String... attempt) {
        Processes.Result result = inside(place, attempt);
        assertThat(result.exitCode()).as(place + " " + String.join(" ", attempt) + " should be refused, got: "
                + result.stdout() + result.stderr()).isNotZero();
        assertThat(result.stderr()).as(place + " " + String.join(" ", attempt)).contains("refused:");
    }

    private Processes.Result inside(Place place, String... attempt) {
        if (place == Place.SHELL) {
            return terminal.ssh(sshTarget("./escape " + String.join(" ", attempt)));
        }
        List<String> command = new ArrayList<>(List.of("exec", ATTACKER, "/escape"));
        command.addAll(List.of(attempt));
        return docker(command.toArray(String[]::new));
    }

    private Processes.Result docker(String... arguments) {
        List<String> command = new ArrayList<>(List.of("--context", sandbox));
        command.addAll(List.of(arguments));
        return terminal.docker(command.toArray(String[]::new));
    }

    private String[] sshTarget(String command) {
        return new String[] {"-p", String.valueOf(gateway.boundPort()), sandbox + "@localhost", command};
    }

    private Processes.Result onTheHost(String... attempt) {
        return onTheHost(List.of(), attempt);
    }

    private Processes.Result onTheHostWithDacReadSearch(String... attempt) {
        return onTheHost(List.of("--cap-add", "DAC_READ_SEARCH"), attempt);
    }

    private Processes.Result onTheHost(List<String> options, String... attempt) {
        List<String> command = new ArrayList<>(List.of("docker", "run", "--rm", "--pull=never"));
        command.addAll(options);
        command.addAll(List.of("-v", helper + ":/escape:ro", "busybox:latest", "/escape"));
        command.addAll(List.of(attempt));
        return Processes.run(command, java.util.Map.of(), Duration.ofMinutes(1));
    }

    private String port() {
        return String.valueOf(listener.getLocalPort());
    }

    /** This machine's own IPv4 addresses, loopback aside (a sandbox's loopback is its own). */
    private static List<String> hostAddresses() {
        List<String> addresses = new ArrayList<>();
        try {
            for (NetworkInterface network : NetworkInterface.networkInterfaces().toList()) {
                if (network.isUp() && !network.isLoopback()) {
                    network.inetAddresses().filter(Inet4Address.class::isInstance).map(InetAddress::getHostAddress)
                            .forEach(addresses::add);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(addresses).as("this machine's addresses").isNotEmpty();
        return addresses;
    }

    private void acceptForever() {
        while (!listener.isClosed()) {
            try (Socket client = listener.accept(); InputStream ignored = client.getInputStream()) {
                client.shutdownOutput();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static Path compileHelper() throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "isolation"));
        Path source = dir.resolve("escape.c");
        try (InputStream in = IsolationIT.class.getResourceAsStream("/isolation/escape.c")) {
            Files.write(source, in.readAllBytes());
        }
        Path binary = dir.resolve("escape").toAbsolutePath();
        Processes.run(List.of("gcc", "-static", "-O2", "-o", binary.toString(), source.toString()), java.util.Map.of(),
                Duration.ofMinutes(2)).assertSuccess();
        return binary;
    }
}
