package io.labfleet.validation.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import io.labfleet.lab.Text;
import io.labfleet.provisioner.docker.DockerEngine;
import io.labfleet.validation.check.ContainerFacts;
import io.labfleet.validation.check.DaemonEvent;
import io.labfleet.validation.check.DaemonInfo;
import io.labfleet.validation.check.EventHistory;
import io.labfleet.validation.check.FileChange;
import io.labfleet.validation.check.HelperContainers;
import io.labfleet.validation.check.HelperImageMissingException;
import io.labfleet.validation.check.HelperResult;
import io.labfleet.validation.check.HelperRun;
import io.labfleet.validation.check.ImageFacts;
import io.labfleet.validation.check.ImageLayer;
import io.labfleet.validation.check.MountFacts;
import io.labfleet.validation.check.NetworkFacts;
import io.labfleet.validation.check.ProbeSourceStoppedException;
import io.labfleet.validation.check.PortSpec;
import io.labfleet.validation.check.PublishedPort;
import io.labfleet.validation.check.SandboxDaemon;
import io.labfleet.validation.check.SandboxDaemonException;
import io.labfleet.validation.check.VolumeFacts;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The check engine's view of one sandbox's daemon, over the Docker API with docker-java (plain TCP, as the
 * service reaches sandboxes). Containers the engine runs are recorded by id in {@link HelperContainers} and left
 * out of every answer, with their events; their {@link #HELPER_LABEL} only tells a person reading {@code docker ps}
 * what they are, since a learner can put any label on their own. Nothing here ever pulls an image. Error messages
 * reach learners, so they never name where the daemon runs.
 */
public final class DockerSandboxDaemon implements SandboxDaemon {

    /** Label of the containers the engine runs in a sandbox (probes, volume readers), for people: never trusted. */
    public static final String HELPER_LABEL = "io.labfleet.validation-helper";

    /** Connections to one daemon: a check asks one thing at a time, a probe or an event stream one more. */
    private static final int CONNECTIONS = 4;
    private static final int OUTPUT_LIMIT = 16 * 1024;
    private static final int FILE_LIMIT = 64 * 1024;
    private static final String VOLUME_MOUNT = "/labfleet-volume";

    private final Duration timeout;
    private final DockerClient docker;
    private final HelperContainers helpers;

    /**
     * A connection that knows the helpers it creates itself.
     *
     * @param timeout          the longest wait for one answer, from the request to its last byte
     * @param maxResponseBytes the largest answer read; past it the request fails
     */
    public DockerSandboxDaemon(String host, int port, Duration timeout, long maxResponseBytes) {
        this(host, port, timeout, maxResponseBytes, HelperContainers.inMemory());
    }

    /** A connection that also knows the helpers earlier runs created in the sandbox, through {@code helpers}. */
    public DockerSandboxDaemon(String host, int port, Duration timeout, long maxResponseBytes,
                               HelperContainers helpers) {
        this.timeout = timeout;
        this.docker = client(host, port, timeout, maxResponseBytes);
        this.helpers = helpers;
    }

    /**
     * A Docker API client of a sandbox's daemon over plain TCP, as the service reaches sandboxes. Whatever answers
     * there is the learner's: every answer is bounded in time and size ({@link BoundedDockerHttpClient}).
     */
    static DockerClient client(String host, int port, Duration timeout, long maxResponseBytes) {
        return DockerEngine.daemon(host, port, timeout, CONNECTIONS,
                http -> new BoundedDockerHttpClient(http, maxResponseBytes, timeout));
    }

    @Override
    public DaemonInfo info() {
        var version = ask(() -> docker.versionCmd().exec());
        return new DaemonInfo(version.getOperatingSystem(), version.getArch(), version.getVersion(),
                version.getApiVersion());
    }

    @Override
    public String name() {
        return Objects.requireNonNullElse(ask(() -> docker.infoCmd().exec()).getName(), "");
    }

    @Override
    public List<ContainerFacts> containers() {
        List<NetworkFacts> networks = networks();
        List<VolumeFacts> volumes = volumes();
        return ask(() -> docker.listContainersCmd().withShowAll(true).exec()).stream()
                .filter(c -> !helpers.contains(c.getId()))
                .map(c -> inspect(c.getId()))
                .flatMap(Optional::stream)
                .map(c -> facts(c, networks, volumes))
                .toList();
    }

    private Optional<InspectContainerResponse> inspect(String id) {
        try {
            return Optional.of(ask(() -> docker.inspectContainerCmd(id).exec()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private static ContainerFacts facts(InspectContainerResponse c, List<NetworkFacts> networks, List<VolumeFacts> volumes) {
        ContainerConfig config = c.getConfig();
        HostConfig host = c.getHostConfig();
        var state = c.getState();
        String health = state.getHealth() == null ? null : state.getHealth().getStatus();
        var restart = host.getRestartPolicy();
        var log = host.getLogConfig();
        Set<String> attached = c.getNetworkSettings() == null || c.getNetworkSettings().getNetworks() == null
                ? Set.of() : c.getNetworkSettings().getNetworks().keySet();
        return new ContainerFacts(
                c.getId(),
                c.getName().startsWith("/") ? c.getName().substring(1) : c.getName(),
                config.getLabels(),
                config.getImage(),
                c.getImageId(),
                instant(c.getCreated()),
                new ContainerFacts.State(state.getStatus(), state.getExitCodeLong() == null ? 0
                        : state.getExitCodeLong().intValue(), health, (int) value(c.getRestartCount()),
                        finishedAt(state.getFinishedAt())),
                new ContainerFacts.Config(
                        Objects.requireNonNullElse(config.getUser(), ""),
                        list(config.getEnv()),
                        healthcheck(config.getHealthcheck()),
                        restart == null || restart.getName() == null ? "" : restart.getName(),
                        restart == null || restart.getMaximumRetryCount() == null ? 0 : restart.getMaximumRetryCount(),
                        Boolean.TRUE.equals(host.getInit()),
                        log == null || log.getType() == null ? "" : log.getType().getType(),
                        log == null ? Map.of() : log.getConfig(),
                        Objects.requireNonNullElse(host.getPidMode(), ""),
                        Boolean.TRUE.equals(host.getReadonlyRootfs()),
                        capabilities(host.getCapAdd()), capabilities(host.getCapDrop()), host.getSecurityOpts(),
                        Boolean.TRUE.equals(host.getPrivileged())),
                new ContainerFacts.Limits(value(host.getMemory()), value(host.getNanoCPUs()),
                        value(host.getCpuQuota()), value(host.getCpuPeriod()), value(host.getPidsLimit())),
                ports(host.getPortBindings(), c.getNetworkSettings() == null ? null : c.getNetworkSettings().getPorts()),
                mounts(c.getMounts(), host.getTmpFs(), volumes),
                networks.stream().filter(n -> attached.contains(n.name())).toList());
    }

    /**
     * What the container asked to publish, with the host ports the daemon chose for those left to it
     * ({@code -p 80}, {@code -P}) once it runs.
     */
    private static List<PublishedPort> ports(Ports declared, Ports actual) {
        Set<PublishedPort> published = new LinkedHashSet<>();
        addBindings(actual, published);
        Set<PublishedPort> resolved = Set.copyOf(published);
        Set<PublishedPort> asked = new LinkedHashSet<>();
        addBindings(declared, asked);
        for (PublishedPort port : asked) {
            boolean known = resolved.stream().anyMatch(p -> p.containerPort() == port.containerPort()
                    && p.protocol().equals(port.protocol()) && (port.hostPort() == null || port.hostPort().equals(p.hostPort())));
            if (!known) {
                published.add(port);
            }
        }
        return List.copyOf(published);
    }

    private static void addBindings(Ports ports, Set<PublishedPort> into) {
        if (ports == null || ports.getBindings() == null) {
            return;
        }
        ports.getBindings().forEach((exposed, bindings) -> {
            if (bindings == null) {
                return;
            }
            for (Ports.Binding binding : bindings) {
                String spec = binding.getHostPortSpec();
                Integer hostPort = spec == null || spec.isEmpty() || spec.contains("-") ? null : Integer.valueOf(spec);
                String ip = PortSpec.anyAddress(binding.getHostIp()) ? null : binding.getHostIp();
                into.add(new PublishedPort(exposed.getPort(), exposed.getProtocol().toString(), ip, hostPort));
            }
        });
    }

    private static List<String> capabilities(com.github.dockerjava.api.model.Capability[] capabilities) {
        return capabilities == null ? List.of() : Arrays.stream(capabilities).map(Enum::name).toList();
    }

    /** When the process last ended; the engine says {@code 0001-01-01T00:00:00Z} while it never did. */
    private static Instant finishedAt(String timestamp) {
        Instant finished = instant(timestamp);
        return finished == null || finished.getEpochSecond() <= 0 ? null : finished;
    }

    /**
     * The container's mounts: {@code -v} and {@code --mount} ones as the engine lists them, and the {@code --tmpfs}
     * ones it keeps apart in its host configuration.
     */
    private static List<MountFacts> mounts(List<InspectContainerResponse.Mount> mounts, Map<String, String> tmpfs,
                                           List<VolumeFacts> volumes) {
        List<MountFacts> all = new ArrayList<>(listedMounts(mounts, volumes));
        if (tmpfs != null) {
            tmpfs.forEach((target, options) -> {
                if (all.stream().noneMatch(m -> m.target().equals(target))) {
                    all.add(new MountFacts("tmpfs", Set.of(), "", target,
                            Arrays.asList(Objects.requireNonNullElse(options, "").split(",")).contains("ro")));
                }
            });
        }
        return all;
    }

    private static List<MountFacts> listedMounts(List<InspectContainerResponse.Mount> mounts, List<VolumeFacts> volumes) {
        if (mounts == null) {
            return List.of();
        }
        return mounts.stream().map(m -> {
            String target = m.getDestination() == null ? "" : m.getDestination().getPath();
            boolean readOnly = Boolean.FALSE.equals(m.getRW());
            if (m.getName() != null && !m.getName().isEmpty()) {
                Set<String> names = new LinkedHashSet<>(List.of(m.getName()));
                volumes.stream().filter(v -> v.name().equals(m.getName())).findFirst()
                        .map(v -> v.labels().get("com.docker.compose.volume")).ifPresent(names::add);
                return new MountFacts("volume", names, m.getSource(), target, readOnly);
            }
            String type = m.getSource() == null || m.getSource().isEmpty() ? "tmpfs" : "bind";
            return new MountFacts(type, Set.of(), m.getSource(), target, readOnly);
        }).toList();
    }

    @Override
    public List<FileChange> changes(String containerId) {
        var changes = ask(() -> docker.containerDiffCmd(containerId).exec());
        if (changes == null) {
            return List.of();
        }
        return changes.stream().map(c -> new FileChange(c.getPath(), switch (c.getKind()) {
            case 1 -> FileChange.Kind.ADDED;
            case 2 -> FileChange.Kind.DELETED;
            default -> FileChange.Kind.CHANGED;
        })).toList();
    }

    @Override
    public List<ImageFacts> images() {
        return ask(() -> docker.listImagesCmd().withShowAll(false).exec()).stream()
                .map(i -> {
                    try {
                        return Optional.of(image(ask(() -> docker.inspectImageCmd(i.getId()).exec())));
                    } catch (NotFoundException e) {
                        return Optional.<ImageFacts>empty();
                    }
                })
                .flatMap(Optional::stream)
                .toList();
    }

    private static ImageFacts image(InspectImageResponse image) {
        ContainerConfig config = image.getConfig();
        List<String> tags = image.getRepoTags() == null ? List.of()
                : image.getRepoTags().stream().filter(t -> !t.equals("<none>:<none>")).toList();
        List<String> digests = image.getRepoDigests() == null ? List.of()
                : image.getRepoDigests().stream().filter(d -> !d.startsWith("<none>")).toList();
        ImageFacts.Config facts = config == null
                ? new ImageFacts.Config("", List.of(), List.of(), List.of(), Set.of(), "", Map.of(), List.of())
                : new ImageFacts.Config(Objects.requireNonNullElse(config.getUser(), ""), list(config.getCmd()),
                list(config.getEntrypoint()), list(config.getEnv()), exposed(config.getExposedPorts()),
                Objects.requireNonNullElse(config.getWorkingDir(), ""), config.getLabels(),
                healthcheck(config.getHealthcheck()));
        return new ImageFacts(image.getId(), tags, digests, value(image.getSize()), facts,
                new ImageFacts.Platform(Objects.requireNonNullElse(image.getOs(), "linux"),
                        Objects.requireNonNullElse(image.getArch(), "amd64")));
    }

    private static Set<String> exposed(ExposedPort[] ports) {
        return ports == null ? Set.of() : Arrays.stream(ports).map(ExposedPort::toString)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public List<ImageLayer> history(String imageId) {
        return ask(() -> docker.imageHistoryCmd(imageId).exec()).stream()
                .map(h -> new ImageLayer(Objects.requireNonNullElse(h.getCreatedBy(), ""), value(h.getSize()),
                        Objects.requireNonNullElse(h.getId(), ImageLayer.MISSING), value(h.getCreated())))
                .toList();
    }

    @Override
    public List<VolumeFacts> volumes() {
        var volumes = ask(() -> docker.listVolumesCmd().exec()).getVolumes();
        return volumes == null ? List.of()
                : volumes.stream().map(v -> new VolumeFacts(v.getName(), v.getDriver(), v.getLabels())).toList();
    }

    @Override
    public List<NetworkFacts> networks() {
        return ask(() -> docker.listNetworksCmd().exec()).stream()
                .map(n -> {
                    try {
                        return Optional.of(network(ask(() -> docker.inspectNetworkCmd().withNetworkId(n.getId()).exec())));
                    } catch (NotFoundException e) {
                        return Optional.<NetworkFacts>empty();
                    }
                })
                .flatMap(Optional::stream)
                .toList();
    }

    private static NetworkFacts network(Network network) {
        List<String> members = network.getContainers() == null ? List.of()
                : network.getContainers().values().stream().map(Network.ContainerNetworkConfig::getName)
                .filter(Objects::nonNull).toList();
        return new NetworkFacts(network.getId(), network.getName(), network.getDriver(),
                Boolean.TRUE.equals(network.getInternal()), network.getLabels(),
                network.getCreated() == null ? null : network.getCreated().toInstant(), members);
    }

    /**
     * The daemon's whole memory of events, up to its own clock's now (so the answer ends at once), without the
     * engine's helpers: their container events, and the network and volume events they caused.
     */
    @Override
    public EventHistory events() {
        Instant now = Optional.ofNullable(ask(() -> docker.infoCmd().exec()).getSystemTime())
                .map(DockerSandboxDaemon::instant).orElseGet(Instant::now);
        String until = now.getEpochSecond() + "." + String.format("%09d", now.getNano());
        List<Event> received = new ArrayList<>();
        ask(() -> {
            try (var callback = docker.eventsCmd().withSince("1").withUntil(until)
                    .exec(new ResultCallback.Adapter<Event>() {
                        @Override
                        public void onNext(Event event) {
                            received.add(event);
                        }
                    })) {
                if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new SandboxDaemonException("the event history did not arrive within " + timeout.toSeconds()
                            + " s", null);
                }
                return received;
            } catch (IOException e) {
                throw new SandboxDaemonException("reading the event history failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxDaemonException("interrupted while reading the event history", e);
            }
        });
        List<DaemonEvent> learners = received.stream().map(DockerSandboxDaemon::event)
                .filter(e -> !helpers.contains(e.actorId()) && !isHelper(e.attributes().get("container")))
                .toList();
        return new EventHistory(learners, received.size() >= EventHistory.DAEMON_MEMORY);
    }

    private boolean isHelper(String containerId) {
        return containerId != null && helpers.contains(containerId);
    }

    private static DaemonEvent event(Event event) {
        String action = Objects.requireNonNullElse(event.getAction(), Objects.requireNonNullElse(event.getStatus(), ""));
        String detail = "";
        int colon = action.indexOf(':');
        if (colon > 0) {
            detail = action.substring(colon + 1).strip();
            action = action.substring(0, colon);
        }
        String type = event.getType() == null ? "" : event.getType().getValue();
        String actor = event.getActor() != null && event.getActor().getId() != null ? event.getActor().getId()
                : Objects.requireNonNullElse(event.getId(), "");
        Map<String, String> attributes = event.getActor() == null ? Map.of() : event.getActor().getAttributes();
        long nanos = event.getTimeNano() != null ? event.getTimeNano() : value(event.getTime()) * 1_000_000_000L;
        return new DaemonEvent(type, action, detail, actor, attributes, nanos);
    }

    @Override
    public HelperResult runHelper(HelperRun run) {
        String id = joining(run, () -> createHelper(run.image(), run.networkMode(), run.command(), List.of()));
        try {
            joining(run, () -> ask(() -> docker.startContainerCmd(id).exec()));
            WaitContainerResultCallback waiting = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback());
            boolean timedOut = false;
            int exitCode = -1;
            try {
                exitCode = waiting.awaitStatusCode(run.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                timedOut = true;
            }
            return new HelperResult(exitCode, output(id), timedOut);
        } finally {
            removeHelper(id);
        }
    }

    /**
     * A helper that joins a container's network ({@code container:<id>}) is refused (409) when that container stopped
     * or is restarting meanwhile, which a crash-looping container does: that is the probe's answer, not an error.
     */
    private static <T> T joining(HelperRun run, Supplier<T> request) {
        try {
            return request.get();
        } catch (SandboxDaemonException e) {
            if (run.networkMode().startsWith("container:") && e.getCause() instanceof ConflictException) {
                throw new ProbeSourceStoppedException(run.networkMode().substring("container:".length()), e);
            }
            throw e;
        }
    }

    @Override
    public Optional<String> readVolumeFile(String volume, String path, String imageId) {
        String id = createHelper(imageId, "none", List.of("true"), List.of(new Bind(volume, new Volume(VOLUME_MOUNT),
                com.github.dockerjava.api.model.AccessMode.ro)));
        return readFile(id, VOLUME_MOUNT + "/" + path, "volume " + volume);
    }

    @Override
    public Map<String, String> readVolumeFiles(String volume, String imageId) {
        String id = createHelper(imageId, "none", List.of("true"), List.of(new Bind(volume, new Volume(VOLUME_MOUNT),
                com.github.dockerjava.api.model.AccessMode.ro)));
        Map<String, String> files = new LinkedHashMap<>();
        try (InputStream archive = ask(() -> docker.copyArchiveFromContainerCmd(id, VOLUME_MOUNT + "/.").exec());
             TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            long seen = 0;
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null && files.size() < VOLUME_FILES;
                 entry = tar.getNextEntry()) {
                seen += Math.max(entry.getSize(), 0);
                if (seen > VOLUME_BYTES) {
                    break;
                }
                if (entry.isFile()) {
                    String path = entry.getName().replaceFirst("^(\\./)+", "").replaceFirst("^[^/]*labfleet-volume/", "");
                    files.put(path, new String(tar.readNBytes(FILE_LIMIT), StandardCharsets.UTF_8));
                }
            }
            return files;
        } catch (NotFoundException e) {
            return files;
        } catch (IOException e) {
            throw new SandboxDaemonException("reading volume " + volume + " failed: " + e.getMessage(), e);
        } finally {
            removeHelper(id);
        }
    }

    @Override
    public Optional<String> readImageFile(String imageId, String path) {
        return readFile(createHelper(imageId, "none", List.of("true"), List.of()), path, "its image");
    }

    /** Reads a file out of a helper container that never runs, then removes the container. */
    private Optional<String> readFile(String id, String path, String where) {
        try (InputStream archive = ask(() -> docker.copyArchiveFromContainerCmd(id, path).exec());
             TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry == null || !entry.isFile()) {
                return Optional.empty();
            }
            return Optional.of(new String(tar.readNBytes(FILE_LIMIT), StandardCharsets.UTF_8));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new SandboxDaemonException("reading " + path + " from " + where + " failed: " + e.getMessage(), e);
        } finally {
            removeHelper(id);
        }
    }

    private String createHelper(String image, String networkMode, List<String> command, List<Bind> binds) {
        try {
            String id = ask(() -> docker.createContainerCmd(image)
                    .withEntrypoint(command.get(0))
                    .withCmd(command.subList(1, command.size()))
                    .withLabels(Map.of(HELPER_LABEL, "true"))
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode(networkMode).withBinds(binds)
                            .withMemory(64L * 1024 * 1024))
                    .exec()).getId();
            helpers.add(id);
            return id;
        } catch (NotFoundException e) {
            throw new HelperImageMissingException(image);
        }
    }

    private String output(String id) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (var callback = docker.logContainerCmd(id).withStdOut(true).withStdErr(true)
                .exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        if (output.size() < OUTPUT_LIMIT) {
                            output.writeBytes(frame.getPayload());
                        }
                    }
                })) {
            callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | RuntimeException e) {
            return output.toString(StandardCharsets.UTF_8) + " (output cut: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return output.toString(StandardCharsets.UTF_8);
    }

    private void removeHelper(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // already gone: what we wanted
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            throw new SandboxDaemonException("closing the connection failed: " + e.getMessage(), e);
        }
    }

    /** Asks the daemon, turning transport and API failures into one exception that says what went wrong. */
    private <T> T ask(Supplier<T> request) {
        try {
            return request.get();
        } catch (NotFoundException | SandboxDaemonException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    private SandboxDaemonException failure(RuntimeException e) {
        return failure(e, timeout);
    }

    /** What went wrong talking to a sandbox's daemon, worded for a learner: never where the daemon runs. */
    static SandboxDaemonException failure(RuntimeException e, Duration timeout) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BoundedDockerHttpClient.ResponseBoundException bound) {
                return new SandboxDaemonException(bound.getMessage(), e);
            }
            if (cause instanceof ConnectException) {
                return new SandboxDaemonException("no daemon answers", e);
            }
            if (cause instanceof SocketTimeoutException) {
                return new SandboxDaemonException("no answer within " + Text.duration(timeout), e);
            }
        }
        if (e instanceof DockerException docker) {
            return new SandboxDaemonException("the daemon refused: " + docker.getMessage().strip(), e);
        }
        return new SandboxDaemonException("the connection to it failed", e);
    }

    private static List<String> list(String[] values) {
        return values == null ? List.of() : List.of(values);
    }

    private static List<String> healthcheck(HealthCheck healthcheck) {
        return healthcheck == null || healthcheck.getTest() == null ? List.of() : List.copyOf(healthcheck.getTest());
    }

    private static long value(Number number) {
        return number == null ? 0 : number.longValue();
    }

    private static Instant instant(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.OffsetDateTime.parse(timestamp).toInstant();
        }
    }
}
