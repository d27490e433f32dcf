package io.labfleet.provisioner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.fasterxml.jackson.databind.JsonNode;
import io.labfleet.commons.ServiceThreads;
import io.labfleet.config.DockerConfig;
import io.labfleet.provisioner.ProgressListener;
import io.labfleet.provisioner.ProvisionedSandbox;
import io.labfleet.provisioner.ProvisionerSelector;
import io.labfleet.provisioner.ProvisioningException;
import io.labfleet.provisioner.RuntimeSandbox;
import io.labfleet.provisioner.RuntimeStatus;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.provisioner.SandboxProcess;
import io.labfleet.provisioner.SandboxProvisioner;
import io.labfleet.provisioner.SandboxSpec;
import io.labfleet.provisioner.ShellRequest;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs each sandbox as a Docker-in-Docker container on one Docker host, on a bridge network of its own with a
 * named volume for the nested engine's data (see {@link DockerSandboxModel}). Everything it creates is
 * labelled with the sandbox and the installation, and found again by those labels, so every operation can be
 * repeated after a crash and converge.
 */
@ApplicationScoped
@LookupIfProperty(name = ProvisionerSelector.BACKEND_PROPERTY, stringValue = DockerSandboxProvisioner.BACKEND)
public class DockerSandboxProvisioner implements SandboxProvisioner {

    public static final String BACKEND = "docker";

    private static final Logger LOG = Logger.getLogger(DockerSandboxProvisioner.class);
    /** How long a teardown waits for a removal of the same container that another teardown started. */
    private static final Duration CONCURRENT_REMOVAL_WAIT = Duration.ofSeconds(30);
    /**
     * Between two pings of a starting daemon. A refused ping costs the engine nothing (the sandbox's own address
     * answers it), so it is asked often: READY follows the daemon within a few milliseconds, as a bare
     * {@code docker run} polled in a loop would see it.
     */
    private static final long PING_INTERVAL_MILLIS = 20;
    /**
     * Between two looks at the container's state while its daemon starts (an inspect on the host engine, which every
     * sandbox shares): often enough that a container that exited fails its sandbox at once, rarely enough not to
     * slow the engine or the loop.
     */
    private static final long STATE_CHECK_INTERVAL_MILLIS = 500;
    private static final int LOG_LINES_IN_REASON = 3;
    private static final String RUNNING = "running";
    /** The command name ({@code ps -o comm}, 15 characters at most) of the process that holds a nested container. */
    private static final String CONTAINER_SHIM = "containerd-shim";
    /** How long a suspended sandbox's daemon has to stop its containers and itself before it is killed. */
    private static final int SUSPEND_STOP_SECONDS = 10;

    private final DockerEngine engine;
    private final SandboxIsolation isolation;
    private final SandboxImages images;
    private final NetworkFence fence;
    private final SandboxSubnets subnets;
    private final SandboxNetworks networks;
    private final SandboxUids uids;
    private final SandboxTemplate template;
    private final Duration readyTimeout;
    private final String host;
    /**
     * What one provisioning does beside its own thread (its network, while its container is made); stopped with the
     * service's other pools.
     */
    private final ExecutorService background;

    DockerSandboxProvisioner(DockerEngine engine, SandboxIsolation isolation, SandboxImages images,
                             NetworkFence fence, SandboxSubnets subnets, SandboxNetworks networks, SandboxUids uids,
                             DockerConfig config, ServiceThreads threads) {
        this.engine = engine;
        this.isolation = isolation;
        this.images = images;
        this.fence = fence;
        this.subnets = subnets;
        this.networks = networks;
        this.uids = uids;
        this.template = SandboxTemplate.from(config);
        this.readyTimeout = config.readyTimeout();
        this.host = config.host();
        this.background = threads.cachedPool("sandbox-networks");
    }

    @Override
    public String backend() {
        return BACKEND;
    }

    /** Warm pools: nothing of a sandbox here depends on its owner but labels, which the database row outranks. */
    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public ProvisionedSandbox provision(SandboxSpec spec, ProgressListener progress) {
        DockerClient docker = engine.host();
        try {
            requireSandboxImage(docker);
            fence.requireInstalled();
            IsolationProfile profile = isolation.profile();
            Optional<DockerSandboxModel.NetworkSpec> spare = networks.take(spec.sandboxId());
            DockerSandboxModel model = DockerSandboxModel.of(spec, profile, template, uids.claim(spec.sandboxId()),
                    spare);
            // The engine joins a container to its network when it starts, not when it is made: both are made at
            // once, and a failure of either leaves objects (labelled, or on the subnet the sandbox holds) that the
            // teardown after it removes.
            Future<?> network = spare.isPresent() ? CompletableFuture.completedFuture(null)
                    : inBackground(() -> networks.ensure(docker, model.network(), spec.sandboxId()));
            try {
                docker.createVolumeCmd().withName(model.volume().name()).withLabels(model.volume().labels()).exec();
                createContainer(docker, model.container(), network);
            } catch (RuntimeException e) {
                // Its network may still be in the making: only once it is made can a teardown remove it.
                settle(network);
                throw e;
            }
            await(network);
            progress.onProgress("network", 10, "Private network " + model.network().name() + " is ready.");
            String address = startContainer(docker, model);
            progress.onProgress("container", 35, "Sandbox container started with the " + profile.configName()
                    + " isolation profile.");
            long waited = awaitDaemon(docker, model.container().name(), address);
            progress.onProgress("daemon", 90, "Its Docker daemon answers (after " + waited + " ms).");
            return new ProvisionedSandbox(address, DockerSandboxModel.DAEMON_PORT);
        } catch (DockerException e) {
            throw new ProvisioningException("The Docker engine refused to set the sandbox up: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw unreachableOr(e);
        } finally {
            // Once this sandbox no longer competes for the engine: a spare it took is made again.
            networks.refillSoon();
        }
    }

    @Override
    public void seedImages(SandboxSpec spec, ProvisionedSandbox runtime, ProgressListener progress) {
        try {
            images.seed(runtime.daemonHost(), spec.images(), progress);
        } catch (DockerException e) {
            throw new ProvisioningException("The sandbox's daemon refused the lab's images: " + e.getMessage(), e);
        }
    }

    private void requireSandboxImage(DockerClient docker) {
        try {
            var image = docker.inspectImageCmd(template.image()).exec();
            uids.requireImageFor(template.image(), image.getConfig() == null ? Map.of() : image.getConfig().getLabels());
        } catch (NotFoundException e) {
            throw new ProvisioningException("The sandbox image " + template.image() + " is not on the Docker host."
                    + " Build it with sandbox/build-offline.sh (no registry needed) or docker build -t "
                    + template.image() + " sandbox/.", e);
        }
    }

    /**
     * Creates the container unless an earlier attempt did. An engine that wants the network to exist first (this
     * one, Docker 20.10, does not) is asked again once {@code network} is made.
     */
    private void createContainer(DockerClient docker, DockerSandboxModel.ContainerSpec container, Future<?> network) {
        try {
            createContainer(docker, container);
        } catch (NotFoundException networkNotYetMade) {
            await(network);
            LOG.debugf("The engine made container %s only once its network existed", container.name());
            createContainer(docker, container);
        }
    }

    private static void createContainer(DockerClient docker, DockerSandboxModel.ContainerSpec container) {
        try {
            var create = docker.createContainerCmd(container.image());
            container.user().ifPresent(create::withUser);
            create.withName(container.name())
                    .withHostName(container.hostname())
                    .withLabels(container.labels())
                    .withCmd(container.daemonArgs())
                    .withEnv(container.env())
                    .withHostConfig(container.hostConfig())
                    .exec();
        } catch (ConflictException madeBefore) {
            LOG.debugf("Container %s already exists", container.name());
        }
    }

    /** Starts the container unless it runs, and returns its address on its network. */
    private static String startContainer(DockerClient docker, DockerSandboxModel model) {
        String container = model.container().name();
        try {
            docker.startContainerCmd(container).exec();
        } catch (NotModifiedException alreadyRunning) {
            LOG.debugf("Container %s already runs", container);
        }
        return addressOf(docker, container, Optional.of(model.network().name()));
    }

    /** Runs {@code work} on a thread of this backend, with the caller's log context (tenant, sandbox). */
    private Future<?> inBackground(Runnable work) {
        Map<String, Object> logContext = MDC.getMap();
        return background.submit(() -> {
            logContext.forEach(MDC::put);
            try {
                work.run();
            } finally {
                logContext.keySet().forEach(MDC::remove);
            }
        });
    }

    /** Waits for work started {@linkplain #inBackground in the background}; its failure is the caller's. */
    private static void await(Future<?> work) {
        try {
            work.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new ProvisioningException("Setting the sandbox up failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            work.cancel(true);
            Thread.currentThread().interrupt();
            throw new ProvisioningException("Interrupted while setting the sandbox up.", e);
        }
    }

    /** Waits for work started in the background whatever its outcome, when the caller fails anyway. */
    private static void settle(Future<?> work) {
        try {
            await(work);
        } catch (RuntimeException e) {
            LOG.debugf("Background work failed as well: %s", e.getMessage());
        }
    }

    /**
     * The running container's address on its network (which may differ after a restart); a container is only ever
     * joined to its sandbox's network, so with {@code networkName} empty, on whichever network it is.
     */
    private static String addressOf(DockerClient docker, String container, Optional<String> networkName) {
        InspectContainerResponse started = docker.inspectContainerCmd(container).exec();
        requireRunning(docker, container, started.getState());
        Map<String, ContainerNetwork> joined = started.getNetworkSettings().getNetworks();
        ContainerNetwork network = networkName.map(joined::get)
                .orElseGet(() -> joined.size() == 1 ? joined.values().iterator().next() : null);
        if (network == null || network.getIpAddress() == null || network.getIpAddress().isBlank()) {
            throw new ProvisioningException("The sandbox container has no address on its network "
                    + networkName.orElse(String.join(", ", joined.keySet())) + ".");
        }
        return network.getIpAddress();
    }

    /** Starts the sandbox's existing container again (its network and volume are still there) and waits for its daemon. */
    @Override
    public ProvisionedSandbox resume(String sandboxId) {
        DockerClient docker = engine.host();
        String name = DockerSandboxModel.name(template.installation(), sandboxId);
        try {
            try {
                docker.startContainerCmd(name).exec();
            } catch (NotModifiedException alreadyRunning) {
                LOG.debugf("Container %s already runs", name);
            }
            // Its network may be a spare it took, named as that spare.
            String address = addressOf(docker, name, Optional.empty());
            awaitDaemon(docker, name, address);
            return new ProvisionedSandbox(address, DockerSandboxModel.DAEMON_PORT);
        } catch (NotFoundException e) {
            throw new ProvisioningException("The sandbox's container is gone; it cannot be started again.", e);
        } catch (DockerException e) {
            throw new ProvisioningException("The Docker engine refused to start the sandbox again: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw unreachableOr(e);
        }
    }

    /**
     * Stops the sandbox's container unless one of the learner's containers runs in it, which shows on the host as a
     * containerd shim among the container's processes (a paused one too). The list comes from the host's engine, not
     * from the sandbox's daemon, which the learner controls: what a learner can do to it (a process of theirs named
     * like a shim) only keeps their own sandbox running. The daemon gets the stop timeout to end cleanly.
     */
    @Override
    public boolean suspend(String sandboxId) {
        if (runsContainers(sandboxId)) {
            return false;
        }
        try {
            engine.host().stopContainerCmd(DockerSandboxModel.name(template.installation(), sandboxId))
                    .withTimeout(SUSPEND_STOP_SECONDS).exec();
            return true;
        } catch (NotModifiedException alreadyStopped) {
            return true;
        } catch (NotFoundException e) {
            throw new ProvisioningException("The sandbox's container is gone; there is nothing to suspend.", e);
        } catch (DockerException e) {
            throw new ProvisioningException("The Docker engine refused to stop the sandbox: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw unreachableOr(e);
        }
    }

    /**
     * Whether a containerd shim is among the sandbox container's processes, as the host engine lists them (not the
     * learner's daemon, which the learner controls); a stopped sandbox runs nothing.
     */
    @Override
    public boolean runsContainers(String sandboxId) {
        DockerClient docker = engine.host();
        String name = DockerSandboxModel.name(template.installation(), sandboxId);
        try {
            if (!Boolean.TRUE.equals(docker.inspectContainerCmd(name).exec().getState().getRunning())) {
                return false;
            }
            String[][] processes = docker.topContainerCmd(name).withPsArgs("-eo pid,comm").exec().getProcesses();
            return processes != null && Arrays.stream(processes)
                    .anyMatch(process -> process.length > 1 && process[1].startsWith(CONTAINER_SHIM));
        } catch (NotFoundException e) {
            throw new ProvisioningException("The sandbox's container is gone; there is nothing to suspend.", e);
        } catch (DockerException e) {
            throw new ProvisioningException("The Docker engine refused to list the sandbox's processes: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw unreachableOr(e);
        }
    }

    /** Waits until the sandbox's daemon answers {@code /_ping}; returns how long that took, in milliseconds. */
    private long awaitDaemon(DockerClient docker, String container, String address) {
        long start = System.nanoTime();
        long deadline = start + readyTimeout.toNanos();
        long nextStateCheck = start;
        try (DockerClient daemon = DockerEngine.probe(address, DockerSandboxModel.DAEMON_PORT)) {
            while (!DockerEngine.answers(daemon)) {
                long now = System.nanoTime();
                if (now - nextStateCheck >= 0) {
                    requireRunning(docker, container, docker.inspectContainerCmd(container).exec().getState());
                    nextStateCheck = now + TimeUnit.MILLISECONDS.toNanos(STATE_CHECK_INTERVAL_MILLIS);
                }
                if (now > deadline) {
                    throw new ProvisioningException("Its Docker daemon did not answer within "
                            + readyTimeout.toSeconds() + " s (labfleet.docker.ready-timeout)."
                            + lastLogLines(docker, container));
                }
                Thread.sleep(PING_INTERVAL_MILLIS);
            }
        } catch (IOException e) {
            LOG.debugf("Closing the probe of %s failed: %s", address, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("Interrupted while waiting for the sandbox's Docker daemon.", e);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static void requireRunning(DockerClient docker, String container,
                                       InspectContainerResponse.ContainerState state) {
        // Restarting: it exited and its restart policy is about to start it again, which a broken one does forever.
        if (!Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())) {
            throw new ProvisioningException("The sandbox container stopped (exit code " + state.getExitCodeLong()
                    + ") before its Docker daemon answered." + lastLogLines(docker, container));
        }
    }

    /** The container's last log lines, to say in a failure reason what its daemon complained of. */
    private static String lastLogLines(DockerClient docker, String container) {
        List<String> lines = DockerEngine.logTail(docker, container, LOG_LINES_IN_REASON);
        return lines.isEmpty() ? "" : " Its last log lines: " + String.join(" | ", lines);
    }

    @Override
    public void deprovision(String sandboxId) {
        DockerClient docker = engine.host();
        Map<String, String> selector = DockerSandboxModel.selector(template.installation(), sandboxId);
        try {
            docker.listContainersCmd().withShowAll(true).withLabelFilter(selector).exec()
                    .forEach(container -> removeContainer(docker, container.getId()));
            networks.removeTaken(docker, sandboxId);
            docker.listNetworksCmd().withFilter("label", labelFilter(selector)).exec().forEach(network ->
                    ignoringAbsence(() -> docker.removeNetworkCmd(network.getId()).exec()));
            volumes(docker, selector).forEach(volume ->
                    ignoringAbsence(() -> docker.removeVolumeCmd(volume).exec()));
            subnets.release(sandboxId);
            uids.release(sandboxId);
        } catch (DockerException e) {
            throw new ProvisioningException("Could not remove the Docker objects of sandbox " + sandboxId + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw unreachableOr(e);
        }
        LOG.debugf("Removed every Docker object of sandbox %s", sandboxId);
    }

    /**
     * docker-java reports an engine it cannot talk to with an I/O failure wrapped in a runtime exception: that
     * becomes a reason in words; anything else goes on as it is.
     */
    private RuntimeException unreachableOr(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return new ProvisioningException("The Docker engine at " + host + " did not answer: "
                        + cause.getMessage(), e);
            }
        }
        return e;
    }

    /**
     * Removes the container; when another teardown (a second replica, the reconciler) is already removing it,
     * waits for that removal to finish, since its network and volume can only go once it is gone.
     */
    private static void removeContainer(DockerClient docker, String containerId) {
        try {
            ignoringAbsence(() -> docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec());
        } catch (ConflictException removalInProgress) {
            long deadline = System.nanoTime() + CONCURRENT_REMOVAL_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    docker.inspectContainerCmd(containerId).exec();
                    Thread.sleep(200);
                } catch (NotFoundException gone) {
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            throw removalInProgress;
        }
    }

    private static void ignoringAbsence(Runnable removal) {
        try {
            removal.run();
        } catch (NotFoundException alreadyGone) {
            LOG.debugf("Already removed: %s", alreadyGone.getMessage());
        }
    }

    private static List<String> volumes(DockerClient docker, Map<String, String> selector) {
        var found = docker.listVolumesCmd().withFilter("label", labelFilter(selector)).exec().getVolumes();
        return found == null ? List.of() : found.stream().map(volume -> volume.getName()).toList();
    }

    private static Collection<String> labelFilter(Map<String, String> selector) {
        return selector.entrySet().stream().map(label -> label.getKey() + "=" + label.getValue()).toList();
    }

    /** Runs the process in the sandbox container itself, like {@code docker exec} (see {@link DockerSandboxShell}). */
    @Override
    public SandboxProcess exec(String sandboxId, ShellRequest request) {
        try {
            return DockerSandboxShell.start(engine.host(), engine.hostEndpoint(),
                    DockerSandboxModel.name(template.installation(), sandboxId), isolation.profile().shellAccount(),
                    request);
        } catch (RuntimeException e) {
            throw unreachableOr(e);
        }
    }

    @Override
    public RuntimeStatus status(String sandboxId) {
        return engine.host().listContainersCmd().withShowAll(true)
                .withLabelFilter(DockerSandboxModel.selector(template.installation(), sandboxId)).exec().stream()
                .findFirst()
                .map(container -> RUNNING.equals(container.getState()) ? RuntimeStatus.RUNNING : RuntimeStatus.STOPPED)
                .orElse(RuntimeStatus.ABSENT);
    }

    @Override
    public List<RuntimeSandbox> listManaged() {
        DockerClient docker = engine.host();
        Map<String, String> installation = Map.of(SandboxLabels.INSTALLATION, template.installation());
        Map<String, RuntimeSandbox> found = new LinkedHashMap<>();
        docker.listContainersCmd().withShowAll(true).withLabelFilter(installation).exec().forEach(container ->
                record(found, container.getLabels(),
                        RUNNING.equals(container.getState()) ? RuntimeStatus.RUNNING : RuntimeStatus.STOPPED));
        docker.listNetworksCmd().withFilter("label", labelFilter(installation)).exec().forEach(network ->
                record(found, network.getLabels(), RuntimeStatus.ABSENT));
        var volumes = docker.listVolumesCmd().withFilter("label", labelFilter(installation)).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(volume -> record(found, volume.getLabels(), RuntimeStatus.ABSENT));
        }
        // A crash between a lease and the first object leaves the lease alone: the sandbox is then listed too, so
        // that once it is over the reconciler's teardown gives the subnet and the uid back.
        // A spare network taken by a sandbox is listed this way too: its lease is then the sandbox's.
        Stream.concat(uids.sandboxesHolding().stream(), subnets.sandboxesHolding().stream())
                .filter(leaseHolder -> !DockerSandboxModel.isSpareHolder(leaseHolder))
                .forEach(leaseHolder ->
                        found.putIfAbsent(leaseHolder, new RuntimeSandbox(leaseHolder, null, RuntimeStatus.ABSENT)));
        return List.copyOf(found.values());
    }

    /** Containers are recorded first, so a sandbox's status is its container's; leftovers alone are ABSENT. */
    private static void record(Map<String, RuntimeSandbox> found, Map<String, String> labels, RuntimeStatus status) {
        String sandboxId = labels == null ? null : labels.get(SandboxLabels.SANDBOX);
        if (sandboxId != null) {
            found.putIfAbsent(sandboxId, new RuntimeSandbox(sandboxId, labels.get(SandboxLabels.TENANT), status));
        }
    }

    @Override
    public boolean isReachable() {
        return engine.hostAnswers();
    }

    /**
     * Per sandbox: its container's own layer (what its shells wrote) and its volumes (the nested engine's images,
     * containers, volumes and logs), from one {@code /system/df} of the engine.
     */
    @Override
    public Map<String, Long> diskUsage() {
        JsonNode report = engine.hostDiskUsage();
        Map<String, Long> used = new LinkedHashMap<>();
        report.path("Containers").forEach(container ->
                addUsage(used, container.path("Labels"), container.path("SizeRw").asLong(0)));
        report.path("Volumes").forEach(volume ->
                addUsage(used, volume.path("Labels"), volume.path("UsageData").path("Size").asLong(0)));
        return used;
    }

    private void addUsage(Map<String, Long> used, JsonNode labels, long bytes) {
        if (template.installation().equals(labels.path(SandboxLabels.INSTALLATION).asText(null))) {
            String sandboxId = labels.path(SandboxLabels.SANDBOX).asText(null);
            if (sandboxId != null && bytes > 0) {
                used.merge(sandboxId, bytes, Long::sum);
            }
        }
    }
}
