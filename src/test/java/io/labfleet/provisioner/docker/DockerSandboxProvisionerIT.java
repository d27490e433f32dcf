package io.labfleet.provisioner.docker;

import io.labfleet.commons.ServiceThreads;
import io.labfleet.config.DockerConfig;
import io.labfleet.config.IdGenerator;
import io.labfleet.lifecycle.LifecycleLeases;
import io.labfleet.provisioner.ProgressListener;
import io.labfleet.provisioner.ProvisionedSandbox;
import io.labfleet.provisioner.ProvisioningException;
import io.labfleet.provisioner.RuntimeSandbox;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.SandboxProvisioner;
import io.labfleet.provisioner.SandboxProvisionerContract;
import io.labfleet.provisioner.SandboxSpec;
import io.labfleet.provisioner.leases.RootlessUidPool;
import io.labfleet.provisioner.leases.UidLeases;
import io.labfleet.support.Await;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.DockerInstallation;
import io.labfleet.support.HostDocker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provisioner contract, and what is particular to Docker, on the real engine of this machine. */
@Tag("engine")
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
class DockerSandboxProvisionerIT extends SandboxProvisionerContract {

    private static final String CONTRACT_LEASE_HOLDER = "provisioner-contract-test";

    @Inject
    DockerSandboxProvisioner provisioner;
    @Inject
    DockerEngine engine;
    @Inject
    SandboxIsolation isolation;
    @Inject
    NetworkFence fence;
    @Inject
    SandboxSubnets subnets;
    @Inject
    SubnetLeases subnetLeases;
    @Inject
    SandboxUids uids;
    @Inject
    UidLeases uidLeases;
    @Inject
    SandboxImages images;
    @Inject
    DockerConfig config;
    @Inject
    LifecycleLeases leases;
    @Inject
    ServiceThreads threads;
    @Inject
    SandboxNetworks networks;
    @Inject
    IdGenerator ids;
    @Inject
    Clock clock;

    /**
     * The sandboxes of this suite have no database rows, so the reconciler would rightly remove them: the
     * suite holds the reconciler's lease while it runs.
     */
    @BeforeAll
    void keepTheReconcilerAway() {
        Await.until(Duration.ofSeconds(30),
                () -> leases.tryAcquire("reconciler", CONTRACT_LEASE_HOLDER, Duration.ofMinutes(10)),
                Boolean::booleanValue, "the reconciler lease");
    }

    @AfterAll
    void letTheReconcilerBack() {
        leases.release("reconciler", CONTRACT_LEASE_HOLDER);
    }

    @Override
    protected SandboxProvisioner provisioner() {
        return provisioner;
    }

    @Override
    protected Map<String, Map<String, String>> remainingFor(String sandboxId) {
        Map<String, Map<String, String>> objects = new LinkedHashMap<>();
        HostDocker.objectsLabelled(DockerSandboxModel.selector(DockerInstallation.id(), sandboxId))
                .forEach(object -> objects.put(object, HostDocker.labelsOf(object)));
        return objects;
    }

    @Override
    protected void stopBehindItsBack(String sandboxId) {
        HostDocker.run("stop", "-t", "1", DockerSandboxModel.name(DockerInstallation.id(), sandboxId));
    }

    @Test
    void aSandboxIsANetworkAVolumeAndAContainerOfThisInstallation() {
        String id = sharedSandbox().sandboxId();
        String name = DockerSandboxModel.name(DockerInstallation.id(), id);

        assertThat(remainingFor(id)).containsOnlyKeys("container " + name, "network " + name,
                "volume " + name + "-docker");
        remainingFor(id).forEach((object, labels) -> assertThat(labels).as(object)
                .containsEntry(SandboxLabels.INSTALLATION, DockerInstallation.id()));
    }

    @Test
    void theContainerHasTheSpecsLimitsAndItsDataOnTheVolume() {
        SandboxSpec spec = sharedSandbox();
        String name = DockerSandboxModel.name(DockerInstallation.id(), spec.sandboxId());

        String limits = HostDocker.run("inspect", "--format",
                "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}}", name);
        String dataMount = HostDocker.run("inspect", "--format",
                "{{range .Mounts}}{{if eq .Destination \"/var/lib/docker\"}}{{.Type}} {{.Name}}{{end}}{{end}}", name);

        assertThat(limits).isEqualTo(spec.limits().memoryBytes() + " " + spec.limits().milliCpus() * 1_000_000
                + " " + spec.limits().pids());
        assertThat(dataMount).isEqualTo("volume " + name + "-docker");
    }

    /**
     * An image whose entrypoint runs {@code script} whatever arguments the provisioner appends for dockerd (they
     * become the script's $0, $1, ...).
     */
    private String stubImage(String tag, String script) {
        String image = "labfleet-it/" + tag + ":" + DockerInstallation.id();
        String base = "labfleet-it-" + tag + "-" + DockerInstallation.id();
        HostDocker.run("create", "--name", base, "busybox:latest");
        try {
            HostDocker.run("commit", "--change", "ENTRYPOINT [\"sh\", \"-c\", \"" + script + "\"]", "--change",
                    "LABEL " + SandboxUids.IMAGE_LABEL + "=" + HostDocker.run("image", "inspect", "--format",
                            "{{index .Config.Labels \"" + SandboxUids.IMAGE_LABEL + "\"}}", config.image()),
                    base, image);
        } finally {
            HostDocker.attempt("rm", "-f", base);
        }
        return image;
    }

    @AfterAll
    void removeStubImages() {
        for (String tag : new String[] {"hanging", "exiting"}) {
            HostDocker.attempt("rmi", "-f", "labfleet-it/" + tag + ":" + DockerInstallation.id());
        }
    }

    @Test
    void theSandboxDaemonRunsRootlessAsItsLeasedUidWithTheConfiguredResolversAndARotatedLog() {
        String id = sharedSandbox().sandboxId();
        String name = DockerSandboxModel.name(DockerInstallation.id(), id);
        int uid = uidLeases.leaseOf(id).orElseThrow();

        assertThat(uid).isBetween(config.rootlessUidFirst(), config.rootlessUidFirst() + config.rootlessUidCount() - 1);
        assertThat(HostDocker.run("inspect", "--format", "{{.Config.User}} {{.HostConfig.CapAdd}} {{.HostConfig.CapDrop}}"
                + " {{.HostConfig.Privileged}} {{.HostConfig.LogConfig.Type}} {{index .HostConfig.LogConfig.Config \"max-size\"}}",
                name)).isEqualTo(uid + ":" + uid + " [SETUID SETGID] [ALL] false json-file 10m");
        assertThat(HostDocker.run("exec", name, "sh", "-c", "ps -o uid= -C dockerd; cat /proc/1/status | grep ^CapEff"))
                .startsWith(String.valueOf(uid)).endsWith("0000000000000000");
        assertThat(HostDocker.run("exec", "-e", "DOCKER_HOST=unix:///home/sandbox/.run/docker.sock", name,
                "docker", "info", "--format", "{{json .SecurityOptions}}")).contains("name=rootless");
        assertThat(HostDocker.run("exec", name, "sh", "-c", "cat /proc/$(pgrep -x dockerd)/cmdline | tr '\\0' ' '"))
                .contains("--dns=127.0.0.1");
        assertThat(HostDocker.run("network", "inspect", "--format",
                "{{index .Options \"com.docker.network.bridge.name\"}}", name)).matches("lf[0-9a-f]{12}");
    }

    /** The entrypoint's GOGC (an idle sandbox's memory): the daemons run with it, a learner's shell does not inherit it. */
    @Test
    void theSandboxDaemonsCollectGarbageSoonerThanGosDefaultAndTheLearnersShellKeepsItsOwnEnvironment() {
        String name = DockerSandboxModel.name(DockerInstallation.id(), sharedSandbox().sandboxId());

        assertThat(HostDocker.run("exec", name, "sh", "-c",
                "for p in $(pgrep -x dockerd) $(pgrep -x containerd); do tr '\\0' '\\n' < /proc/$p/environ | grep ^GOGC=; done"))
                .isEqualTo("GOGC=50\nGOGC=50");
        assertThat(HostDocker.run("exec", name, "sh", "-c", "echo \"GOGC=${GOGC:-unset}\"")).isEqualTo("GOGC=unset");
    }

    @Test
    void theSandboxNetworkIsOnASubnetOfThePoolThatItsLeaseHolds() {
        String id = sharedSandbox().sandboxId();
        String name = DockerSandboxModel.name(DockerInstallation.id(), id);
        SubnetPool.Subnet subnet = SubnetPool.Subnet.parse(HostDocker.run("network", "inspect", "--format",
                "{{range .IPAM.Config}}{{.Subnet}}{{end}}", name)).orElseThrow();

        assertThat(subnet.prefix()).isEqualTo(28);
        assertThat(SubnetPool.Subnet.parse("10.213.0.0/16").orElseThrow().overlaps(subnet)).isTrue();
        assertThat(subnetLeases.leaseOf(id)).contains(subnet);
        assertThat(SubnetPool.Subnet.parse(HostDocker.run("inspect", "--format",
                "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", name) + "/32").orElseThrow()
                .overlaps(subnet)).isTrue();
    }

    /**
     * A pool of two subnets, one of which a network the service did not know of holds: the sandbox gets the other
     * (the engine's refusal makes it take another), its teardown gives it back, and with both taken the next
     * sandbox fails with the reason, leaving nothing behind.
     */
    @Test
    void aSubnetAnotherNetworkHoldsIsSkippedAndAFullPoolFailsProvisioningWithTheReason() {
        String range = "10.254.99.0/27";
        String stranger = "labfleet-it-stranger-" + DockerInstallation.id();
        DockerConfig twoSubnets = new OverriddenDockerConfig(config, config.host(), config.image(),
                config.readyTimeout(), false, range);
        SandboxSubnets smallSubnets = new SandboxSubnets(engine, subnetLeases, twoSubnets);
        DockerSandboxProvisioner small = new DockerSandboxProvisioner(engine, isolation, images, fence,
                smallSubnets, networks(smallSubnets, twoSubnets, 0, clock), uids, twoSubnets, threads);
        HostDocker.run("network", "create", "--internal", "--subnet", "10.254.99.0/28", stranger);
        SandboxSpec first = newSpec();
        SandboxSpec second = newSpec();
        try {
            small.provision(first, ProgressListener.NONE);
            String name = DockerSandboxModel.name(DockerInstallation.id(), first.sandboxId());
            assertThat(HostDocker.run("network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}}{{end}}",
                    name)).isEqualTo("10.254.99.16/28");

            assertThatThrownBy(() -> small.provision(second, ProgressListener.NONE))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("No free subnet is left")
                    .hasMessageContaining("holds 2 networks, 1 held by sandboxes and 1 overlapping other networks");
            small.deprovision(second.sandboxId());
            assertThat(remainingFor(second.sandboxId())).isEmpty();

            small.deprovision(first.sandboxId());
            assertThat(subnetLeases.leaseOf(first.sandboxId())).isEmpty();
        } finally {
            small.deprovision(first.sandboxId());
            HostDocker.attempt("network", "rm", stranger);
        }
    }

    /**
     * An image without accounts for the configured uids (built before sandboxes had uids of their own, or for
     * others) would start a daemon that cannot map its nested containers' ids: the sandbox fails at once, saying
     * how to build the right one, with nothing made and no uid held.
     */
    @Test
    void anImageNotBuiltForTheConfiguredUidsFailsProvisioningWithTheReasonAndHoldsNoUid() {
        String image = "labfleet-it/no-uids:" + DockerInstallation.id();
        String base = "labfleet-it-no-uids-" + DockerInstallation.id();
        HostDocker.run("create", "--name", base, "busybox:latest");
        try {
            HostDocker.run("commit", base, image);
        } finally {
            HostDocker.attempt("rm", "-f", base);
        }
        SandboxSpec spec = newSpec();
        try {
            assertThatThrownBy(() -> variant(image, config.readyTimeout(), false).provision(spec, ProgressListener.NONE))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("was built for no sandbox uids, not for uids " + config.rootlessUidFirst())
                    .hasMessageContaining("sandbox/build-offline.sh --uids " + config.rootlessUidFirst() + ":"
                            + config.rootlessUidCount());
            assertThat(remainingFor(spec.sandboxId())).isEmpty();
            assertThat(uidLeases.leaseOf(spec.sandboxId())).isEmpty();
        } finally {
            HostDocker.attempt("rmi", "-f", image);
        }
    }

    /** Its teardown gives the uid back, and a crash that left only the lease is listed for the reconciler. */
    @Test
    void aTeardownGivesTheUidBackAndALeaseLeftAloneIsListedAsTheSandboxs() {
        SandboxSpec spec = newSpec();
        provisioner.provision(spec, ProgressListener.NONE);
        int uid = uidLeases.leaseOf(spec.sandboxId()).orElseThrow();
        assertThat(HostDocker.run("inspect", "--format", "{{.Config.User}}",
                DockerSandboxModel.name(DockerInstallation.id(), spec.sandboxId()))).isEqualTo(uid + ":" + uid);

        provisioner.deprovision(spec.sandboxId());
        assertThat(uidLeases.leaseOf(spec.sandboxId())).isEmpty();

        String crashed = newSpec().sandboxId();
        uidLeases.claim(new RootlessUidPool(config.rootlessUidFirst(), config.rootlessUidCount()), crashed, free -> true);
        try {
            assertThat(provisioner.listManaged()).anySatisfy(runtime -> assertThat(runtime.sandboxId())
                    .isEqualTo(crashed));
            provisioner.deprovision(crashed);
            assertThat(uidLeases.leaseOf(crashed)).isEmpty();
        } finally {
            uidLeases.release(crashed);
        }
    }

    @Test
    void installingTheNetworkFenceLeavesNoContainerAndNoVolumeBehind() {
        List<String> volumesBefore = HostDocker.run("volume", "ls", "-q").lines().toList();
        iptables("-D", "INPUT", "-i", "lf+", "-j", "LABFLEET-INPUT");
        assertThat(iptables("-S", "INPUT")).as("the jump removed, as a reboot or a flush would")
                .doesNotContain("LABFLEET-INPUT");

        fence.reinstallPeriodically();

        assertThat(HostDocker.run("volume", "ls", "-q").lines().toList()).isSubsetOf(volumesBefore);
        assertThat(HostDocker.run("ps", "-a", "-q", "--filter",
                "name=" + DockerSandboxModel.name(DockerInstallation.id(), "network-fence"))).isEmpty();
        assertThat(iptables("-S", "INPUT")).as("the fence is in place again").contains("-i lf+ -j LABFLEET-INPUT");
    }

    /** iptables on the host, from the sandbox image (which has it), as the fence itself runs it. */
    private String iptables(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("run", "--rm", "--network", "host", "--cap-add",
                "NET_ADMIN", "--entrypoint", "iptables", config.image()));
        command.addAll(List.of(arguments));
        return HostDocker.run(command.toArray(String[]::new));
    }

    /**
     * The host's images reach sandboxes through an archive the service keeps ({@link ImageArchives}): an image rebuilt
     * on the host under the same name after a sandbox got it reaches the next sandbox as the host has it now.
     */
    @Test
    void anImageRebuiltOnTheHostReachesTheNextSandboxAsTheHostHasItNow() throws Exception {
        String image = "labfleet-it/seeded:" + DockerInstallation.id();
        SandboxSpec first = withImages(newSpec(), image);
        SandboxSpec second = withImages(newSpec(), image);
        try {
            buildLabelled(image, "1");
            assertThat(versionIn(seeded(first), image)).isEqualTo("1");

            buildLabelled(image, "2");
            assertThat(versionIn(seeded(second), image)).isEqualTo("2");
        } finally {
            provisioner.deprovision(first.sandboxId());
            provisioner.deprovision(second.sandboxId());
            HostDocker.attempt("rmi", "-f", image);
        }
    }

    /** Provisions the sandbox and puts its images in, as the service does. */
    private ProvisionedSandbox seeded(SandboxSpec spec) {
        ProvisionedSandbox runtime = provisioner.provision(spec, ProgressListener.NONE);
        provisioner.seedImages(spec, runtime, ProgressListener.NONE);
        return runtime;
    }

    private static SandboxSpec withImages(SandboxSpec spec, String... images) {
        return new SandboxSpec(spec.sandboxId(), spec.tenantId(), spec.learnerId(), spec.labId(), spec.expiresAt(),
                spec.limits(), List.of(images), spec.latestExpiry(), spec.tenantMaxActiveSandboxes());
    }

    private static void buildLabelled(String image, String version) {
        String base = "labfleet-it-seeded-" + DockerInstallation.id();
        HostDocker.run("create", "--name", base, "busybox:latest");
        try {
            HostDocker.run("commit", "--change", "LABEL labfleet-it.version=" + version, base, image);
        } finally {
            HostDocker.attempt("rm", "-f", base);
        }
    }

    private static String versionIn(ProvisionedSandbox sandbox, String image) throws java.io.IOException {
        try (var daemon = DockerEngine.daemon(sandbox.daemonHost(), sandbox.daemonPort(), Duration.ofSeconds(30))) {
            return daemon.inspectImageCmd(image).exec().getConfig().getLabels().get("labfleet-it.version");
        }
    }

    @Test
    void aDaemonThatNeverAnswersFailsProvisioningWithTheReason() {
        // Keeps running but serves nothing on 2375, like a dockerd that hangs.
        DockerSandboxProvisioner hanging = variant(stubImage("hanging", "exec sleep 600"), Duration.ofSeconds(3), false);
        SandboxSpec spec = newSpec();

        assertThatThrownBy(() -> hanging.provision(spec, ProgressListener.NONE))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("did not answer within 3 s (labfleet.docker.ready-timeout)");

        hanging.deprovision(spec.sandboxId());
        assertThat(remainingFor(spec.sandboxId())).isEmpty();
    }

    @Test
    void aSandboxContainerThatExitsFailsProvisioningAtOnceWithItsExitCode() {
        // The ready timeout is longer than any test: only noticing the exit ends provisioning, which the message
        // tells apart from a timeout.
        DockerSandboxProvisioner exiting = variant(stubImage("exiting", "exit 3"), Duration.ofHours(1), false);
        SandboxSpec spec = newSpec();

        assertThatThrownBy(() -> exiting.provision(spec, ProgressListener.NONE))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("The sandbox container stopped (exit code 3)")
                .hasMessageNotContaining("did not answer within");
    }

    @Test
    void anEngineThatDoesNotAnswerIsReportedUnreachableAndFailsProvisioningWithAReason() {
        String nowhere = "unix:///run/labfleet-no-such-engine.sock";
        DockerConfig cutOffConfig = new OverriddenDockerConfig(config, nowhere, config.image(), config.readyTimeout(),
                false, config.subnetPool());
        DockerSandboxProvisioner cutOff = new DockerSandboxProvisioner(new DockerEngine(cutOffConfig), isolation,
                images, fence, subnets, networks, uids, cutOffConfig, threads);

        assertThat(cutOff.isReachable()).isFalse();
        assertThatThrownBy(() -> cutOff.provision(newSpec(), ProgressListener.NONE))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageStartingWith("The Docker engine at " + nowhere + " did not answer");
    }

    @Test
    void sandboxesWithOutboundAccessStillCannotReachEachOthersDaemons() {
        DockerSandboxProvisioner outbound = variant(config.image(), config.readyTimeout(), true);
        SandboxSpec first = newSpec();
        SandboxSpec second = newSpec();
        ProvisionedSandbox a = outbound.provision(first, ProgressListener.NONE);
        ProvisionedSandbox b = outbound.provision(second, ProgressListener.NONE);
        String containerA = DockerSandboxModel.name(DockerInstallation.id(), first.sandboxId());
        assertThat(HostDocker.run("network", "inspect", "--format", "{{.Internal}}", containerA)).isEqualTo("false");

        assertThat(fetchFrom(containerA, a).output()).as("its own daemon, as a control").isEqualTo("OK");
        HostDocker.Result other = fetchFrom(containerA, b);
        assertThat(other.succeeded()).as("the other sandbox's daemon answered: " + other.output()).isFalse();
    }

    /**
     * Spare networks: made ahead of time, each taken by one create only (four takers race for two), the sandbox's
     * container runs on the one it took (fenced like its own: an {@code lf} bridge, internal), a spare is made again
     * after the take, the teardown removes the network taken with the rest, and stopping removes the spares.
     */
    @Test
    void aSpareNetworkIsTakenByOneCreateOnlyMadeAgainAndRemovedWithItsSandbox() throws Exception {
        SandboxNetworks spares = networks(subnets, config, 2, clock);
        DockerSandboxProvisioner provisioner = new DockerSandboxProvisioner(engine, isolation, images, fence,
                subnets, spares, uids, config, threads);
        List<String> takers = List.of(newSpec().sandboxId(), newSpec().sandboxId(), newSpec().sandboxId(),
                newSpec().sandboxId());
        try {
            assertThat(spares.maintain()).isEqualTo(2);
            List<String> made = spareNetworks();
            assertThat(made).hasSize(2);

            Map<String, Optional<DockerSandboxModel.NetworkSpec>> taken = new ConcurrentHashMap<>();
            ExecutorService race = Executors.newFixedThreadPool(takers.size());
            try {
                for (Future<?> take : race.invokeAll(takers.stream().<Callable<Object>>map(id -> () ->
                        taken.put(id, spares.take(id))).toList())) {
                    take.get();
                }
            } finally {
                race.shutdown();
            }
            List<String> winners = takers.stream().filter(id -> taken.get(id).isPresent()).toList();
            assertThat(winners).as("two spares, four takers").hasSize(2);
            assertThat(winners.stream().map(id -> "network " + taken.get(id).orElseThrow().name()))
                    .containsExactlyInAnyOrderElementsOf(made);
            for (String winner : winners) {
                assertThat(subnetLeases.leaseOf(winner)).as("the taker holds the spare's subnet").isPresent();
            }
            assertThat(provisioner.listManaged()).extracting(RuntimeSandbox::sandboxId)
                    .as("a taken spare is its sandbox's for the reconciler").containsAll(winners);
            winners.forEach(provisioner::deprovision);
            assertThat(spareNetworks()).as("a taken spare goes with its sandbox").isEmpty();
            winners.forEach(id -> assertThat(subnetLeases.leaseOf(id)).isEmpty());

            assertThat(spares.maintain()).isEqualTo(2);
            SandboxSpec spec = newSpec();
            provisioner.provision(spec, ProgressListener.NONE);
            String container = DockerSandboxModel.name(DockerInstallation.id(), spec.sandboxId());
            String network = HostDocker.run("inspect", "--format",
                    "{{range $name, $_ := .NetworkSettings.Networks}}{{$name}}{{end}}", container);
            assertThat(spareNetworks()).contains("network " + network);
            assertThat(HostDocker.run("network", "inspect", "--format",
                    "{{.Internal}} {{index .Options \"com.docker.network.bridge.name\"}}", network))
                    .matches("true lf[0-9a-f]{12}");
            assertThat(provisioner.resume(spec.sandboxId()).daemonHost())
                    .as("started again, it is found on the network it took").isNotBlank();
            Await.until(Duration.ofSeconds(30), () -> spareNetworks().size(), count -> count == 3,
                    "the spare made again after the take");

            provisioner.deprovision(spec.sandboxId());
            assertThat(remainingFor(spec.sandboxId())).isEmpty();
            assertThat(spareNetworks()).doesNotContain("network " + network).hasSize(2);
            assertThat(subnetLeases.leaseOf(spec.sandboxId())).isEmpty();
        } finally {
            spares.removeSpares();
            takers.forEach(provisioner::deprovision);
        }
        assertThat(spareNetworks()).as("stopping removes the spares").isEmpty();
        assertThat(subnetLeases.heldSince("spare-")).isEmpty();
    }

    /**
     * Spares are made before their sandbox is known, by the replica's own pass, and the network fence goes by their
     * bridges' names: a sandbox on a spare (with outbound access, so that its network is not internal) reaches
     * neither the host (a listener on all of the host's addresses, asked on its network's gateway) nor another
     * sandbox's daemon.
     */
    @Test
    void aSandboxOnASpareNetworkReachesNeitherTheHostNorAnotherSandbox() throws IOException {
        DockerConfig outboundConfig = new OverriddenDockerConfig(config, config.host(), config.image(),
                config.readyTimeout(), true, config.subnetPool());
        SandboxNetworks spares = networks(subnets, outboundConfig, 2, clock);
        DockerSandboxProvisioner outbound = new DockerSandboxProvisioner(engine, isolation, images, fence, subnets,
                spares, uids, outboundConfig, threads);
        SandboxSpec first = newSpec();
        SandboxSpec second = newSpec();
        try {
            assertThat(spares.maintain()).isEqualTo(2);
            List<String> made = spareNetworks();
            ProvisionedSandbox a = outbound.provision(first, ProgressListener.NONE);
            ProvisionedSandbox b = outbound.provision(second, ProgressListener.NONE);
            String containerA = DockerSandboxModel.name(DockerInstallation.id(), first.sandboxId());
            String networkA = HostDocker.run("inspect", "--format",
                    "{{range $name, $_ := .NetworkSettings.Networks}}{{$name}}{{end}}", containerA);
            assertThat(made).as("the sandbox runs on a spare").contains("network " + networkA);
            assertThat(HostDocker.run("network", "inspect", "--format", "{{.Internal}}", networkA)).isEqualTo("false");

            assertThat(fetchFrom(containerA, a).output()).as("its own daemon, as a control").isEqualTo("OK");
            HostDocker.Result other = fetchFrom(containerA, b);
            assertThat(other.succeeded()).as("the other sandbox's daemon answered: " + other.output()).isFalse();

            String host = HostDocker.run("network", "inspect", "--format", "{{(index .IPAM.Config 0).Gateway}}",
                    networkA);
            try (ServerSocket listener = new ServerSocket(0)) {
                Thread answering = new Thread(() -> answerHello(listener), "host-listener");
                answering.setDaemon(true);
                answering.start();
                HostDocker.Result reached = HostDocker.attempt("exec", containerA, "wget", "-q", "-T", "3", "-t", "1",
                        "-O-", "http://" + host + ":" + listener.getLocalPort() + "/");
                assertThat(reached.succeeded()).as("the host answered the sandbox: " + reached.output()).isFalse();
            }
        } finally {
            outbound.deprovision(first.sandboxId());
            outbound.deprovision(second.sandboxId());
            spares.removeSpares();
        }
        assertThat(spareNetworks()).isEmpty();
    }

    /**
     * What a crash leaves: a spare still holding its lease is reused, a spare network whose lease is gone is
     * removed, a spare's lease whose network was never made is given back (after the grace), a spare taken by a
     * sandbox that was never made goes with that sandbox's teardown, and spares turned off are removed.
     */
    @Test
    void whatACrashLeavesOfSpareNetworksIsReusedOrRemoved() {
        SandboxNetworks crashed = networks(subnets, config, 2, clock);
        String sandboxId = newSpec().sandboxId();
        try {
            crashed.maintain();
            List<String> survivors = spareNetworks();
            assertThat(crashed.take(sandboxId)).isPresent();
            assertThat(provisioner.listManaged()).extracting(RuntimeSandbox::sandboxId)
                    .as("the taken spare is its sandbox's for the reconciler; the untaken one is nobody's")
                    .contains(sandboxId).noneMatch(DockerSandboxModel::isSpareHolder);
            String unmade = ids.next("spare");
            subnets.claim(unmade);
            String leaseless = ids.next("spare");
            crashed.ensure(engine.host(), DockerSandboxModel.spareNetwork(SandboxTemplate.from(config), leaseless),
                    leaseless);
            subnets.release(leaseless);

            SandboxNetworks restarted = networks(subnets, config, 2,
                    Clock.offset(clock, SandboxNetworks.UNMADE_GRACE.plusMinutes(1)));
            assertThat(restarted.maintain()).isEqualTo(2);

            List<String> now = spareNetworks();
            assertThat(now).as("the untaken survivor is reused, the taken one stays its sandbox's")
                    .containsAll(survivors).hasSize(3)
                    .doesNotContain("network " + DockerSandboxModel.name(DockerInstallation.id(), leaseless));
            assertThat(subnetLeases.leaseOf(unmade)).as("the lease of a spare never made").isEmpty();
            provisioner.deprovision(sandboxId);
            assertThat(spareNetworks()).hasSize(2);

            assertThat(networks(subnets, config, 0, clock).maintain()).as("spares turned off").isZero();
            assertThat(spareNetworks()).isEmpty();
            assertThat(subnetLeases.heldSince("spare-")).isEmpty();
        } finally {
            crashed.removeSpares();
            provisioner.deprovision(sandboxId);
        }
    }

    private static List<String> spareNetworks() {
        return HostDocker.objectsLabelled(SandboxLabels.INSTALLATION, DockerInstallation.id()).stream()
                .filter(object -> HostDocker.labelsOf(object).containsKey(DockerSandboxModel.SPARE_NETWORK_LABEL))
                .toList();
    }

    /** Answers every connection with a small HTTP response, until the listener is closed. */
    private static void answerHello(ServerSocket listener) {
        while (!listener.isClosed()) {
            try (Socket client = listener.accept()) {
                client.getOutputStream().write("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello"
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static HostDocker.Result fetchFrom(String container, ProvisionedSandbox target) {
        return HostDocker.attempt("exec", container, "wget", "-q", "-T", "3", "-t", "1", "-O-",
                "http://" + target.daemonHost() + ":" + target.daemonPort() + "/_ping");
    }

    private DockerSandboxProvisioner variant(String image, Duration readyTimeout, boolean outboundNetwork) {
        return new DockerSandboxProvisioner(engine, isolation, images, fence, subnets, networks, uids,
                new OverriddenDockerConfig(config, config.host(), image, readyTimeout, outboundNetwork,
                        config.subnetPool()), threads);
    }

    /** Spare networks of this run's installation, {@code spares} of them, as a replica of its own keeps them. */
    private SandboxNetworks networks(SandboxSubnets from, DockerConfig settings, int spares, Clock now) {
        return new SandboxNetworks(engine, from, subnetLeases, SandboxTemplate.from(settings), spares, true, ids, now,
                threads);
    }

    /** This run's Docker settings with another engine, image, timeout or network mode. */
    private record OverriddenDockerConfig(DockerConfig base, String host, String image, Duration readyTimeout,
                                          boolean outboundNetwork, String subnetPool) implements DockerConfig {
        @Override
        public String installation() {
            return base.installation();
        }

        @Override
        public int subnetPrefix() {
            return base.subnetPrefix();
        }

        @Override
        public int spareNetworks() {
            return base.spareNetworks();
        }

        @Override
        public int rootlessUidFirst() {
            return base.rootlessUidFirst();
        }

        @Override
        public int rootlessUidCount() {
            return base.rootlessUidCount();
        }

        @Override
        public String isolation() {
            return base.isolation();
        }

        @Override
        public ImageSource imageSource() {
            return base.imageSource();
        }

        @Override
        public Optional<String> registryMirror() {
            return base.registryMirror();
        }

        @Override
        public Optional<List<String>> dns() {
            return base.dns();
        }

        @Override
        public boolean networkFence() {
            return base.networkFence();
        }

        @Override
        public String logMaxSize() {
            return base.logMaxSize();
        }

        @Override
        public int logMaxFiles() {
            return base.logMaxFiles();
        }
    }
}
