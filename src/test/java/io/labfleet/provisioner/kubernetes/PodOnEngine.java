package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.labfleet.support.HostDocker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A sandbox pod's container run on the real Docker engine the way a kubelet without user namespaces runs it: its
 * user, group and fsGroup, its capabilities, its seccomp profile (the project's {@code sandbox/seccomp-rootless.json},
 * which the operator installs as the Localhost profile), its environment and arguments, and each emptyDir as a host
 * folder made the way the kubelet makes one (mode 0777, the fsGroup's with its setgid bit) bind-mounted where the
 * pod mounts it. Everything is read from the pod, nothing about the profile is written here. {@code /dev/net/tun} is
 * given as the tun device resource gives it. Where the pod asks for a privileged container, the engine's own
 * substitute is used ({@code --privileged} cannot run on this machine: ENVIRONMENT.md). A volume the image
 * declares that the pod does not cover is made by the engine as an anonymous volume, as a container runtime makes
 * it on the node's disk: {@link #anonymousVolumes()} shows where.
 *
 * <p>A pod with {@code hostUsers: false} gets what the kubelet gives it, played by {@code kubernetes/userns-pod.sh}
 * in a root container of the same image (the engine's daemon is shared and is not reconfigured for user namespaces):
 * a user namespace holding only the ids 0-65535, mapped onto {@link #USERNS_HOST_BASE} and the 65535 host ids after
 * it, the image's files of ids 1-65535 shown as the pod's (as an id-mapped root file system shows them), a pid
 * namespace of its own, and the pod's user with only SETUID/SETGID. Commands given to {@link #exec} then run as the
 * root of that outer container (they only read files and talk to the daemon's port).
 */
final class PodOnEngine implements AutoCloseable {

    private static final Path SECCOMP_PROFILE = Path.of("sandbox/seccomp-rootless.json");
    private static final Path USERNS_POD = Path.of("src/test/resources/kubernetes/userns-pod.sh");
    private static final String USERNS_POD_IN_CONTAINER = "/labfleet-test/userns-pod.sh";
    /** The first host id of a user-namespaced pod's range: far from every id this machine uses. */
    static final long USERNS_HOST_BASE = 1_800_000_000L;
    private static final String PING = "/_ping";

    final String name;
    private final Path root;
    private final Map<String, Path> emptyDirs;

    private PodOnEngine(String name, Path root, Map<String, Path> emptyDirs) {
        this.name = name;
        this.root = root;
        this.emptyDirs = emptyDirs;
    }

    /**
     * Makes the pod's emptyDirs, lets {@code prefill} put files in them (what its init containers would), and starts
     * its first container.
     */
    static PodOnEngine start(Pod pod, Prefill prefill) throws IOException {
        Container container = pod.getSpec().getContainers().get(0);
        PodSecurityContext podSecurity = Optional.ofNullable(pod.getSpec().getSecurityContext())
                .orElse(new PodSecurityContext());
        boolean userNamespace = Boolean.FALSE.equals(pod.getSpec().getHostUsers());
        long idBase = userNamespace ? USERNS_HOST_BASE : 0;
        Path root = Files.createTempDirectory(Path.of("/var/tmp"), "labfleet-pod-");
        Map<String, Path> emptyDirs = new LinkedHashMap<>();
        for (Volume volume : pod.getSpec().getVolumes()) {
            if (volume.getEmptyDir() != null) {
                Path dir = Files.createDirectory(root.resolve(volume.getName()));
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
                if (podSecurity.getFsGroup() != null) {
                    HostDocker.execute(List.of("chown", ":" + (idBase + podSecurity.getFsGroup()), dir.toString()),
                            Map.of(), null);
                    HostDocker.execute(List.of("chmod", "2777", dir.toString()), Map.of(), null);
                }
                emptyDirs.put(volume.getName(), dir);
            }
        }
        String name = "labfleet-podtest-" + UUID.randomUUID().toString().substring(0, 8);
        PodOnEngine running = new PodOnEngine(name, root, emptyDirs);
        prefill.into(running);

        List<String> run = new ArrayList<>(List.of("run", "-d", "--pull=never", "--name", name,
                "--label", "labfleet.test=pod-on-engine",
                "--device", "/dev/net/tun"));
        SecurityContext security = Optional.ofNullable(container.getSecurityContext()).orElse(new SecurityContext());
        Long user = Optional.ofNullable(security.getRunAsUser()).orElse(podSecurity.getRunAsUser());
        Long group = Optional.ofNullable(security.getRunAsGroup()).orElse(podSecurity.getRunAsGroup());
        if (userNamespace) {
            // The outer container sets up the namespace; the pod's user drops every capability but SETUID/SETGID.
            run.addAll(List.of("--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE", "--entrypoint", "/bin/sh",
                    "-v", USERNS_POD.toAbsolutePath() + ":" + USERNS_POD_IN_CONTAINER + ":ro"));
        } else if (user != null) {
            run.addAll(List.of("--user", user + (group != null ? ":" + group : "")));
        }
        if (podSecurity.getFsGroup() != null && !userNamespace) {
            run.addAll(List.of("--group-add", String.valueOf(podSecurity.getFsGroup())));
        }
        if (Boolean.TRUE.equals(security.getPrivileged())) {
            run.addAll(List.of("--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE", "--security-opt", "seccomp=unconfined",
                    "--security-opt", "apparmor=unconfined", "--security-opt", "systempaths=unconfined",
                    "--device-cgroup-rule", "a *:* rwm", "--cgroupns", "private"));
        } else {
            Capabilities capabilities = security.getCapabilities();
            if (capabilities != null && !userNamespace) {
                capabilities.getDrop().forEach(cap -> run.addAll(List.of("--cap-drop", cap)));
                capabilities.getAdd().forEach(cap -> run.addAll(List.of("--cap-add", cap)));
            }
            SeccompProfile seccomp = Optional.ofNullable(security.getSeccompProfile())
                    .orElse(podSecurity.getSeccompProfile());
            if (seccomp != null) {
                run.addAll(List.of("--security-opt", "seccomp=" + switch (seccomp.getType()) {
                    case "Localhost" -> SECCOMP_PROFILE.toAbsolutePath();
                    case "Unconfined" -> "unconfined";
                    default -> throw new IllegalArgumentException("seccomp " + seccomp.getType());
                }));
            }
            if (Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
                run.addAll(List.of("--security-opt", "no-new-privileges"));
            }
            if ("Unmasked".equals(security.getProcMount())) {
                run.addAll(List.of("--security-opt", "systempaths=unconfined"));
            }
        }
        for (EnvVar env : container.getEnv()) {
            run.addAll(List.of("-e", env.getName() + "=" + Objects.requireNonNullElse(env.getValue(), "")));
        }
        for (VolumeMount mount : container.getVolumeMounts()) {
            Path dir = emptyDirs.get(mount.getName());
            if (dir == null) {
                throw new IllegalArgumentException("volume " + mount.getName() + " is not an emptyDir");
            }
            run.addAll(List.of("-v", dir + ":" + mount.getMountPath() + (Boolean.TRUE.equals(mount.getReadOnly())
                    ? ":ro" : "")));
        }
        run.add(container.getImage());
        if (userNamespace) {
            run.addAll(List.of("-c", USERNS_POD_IN_CONTAINER + " \"$@\" & wait $!", "-", String.valueOf(idBase),
                    String.valueOf(user), String.valueOf(group), String.valueOf(podSecurity.getFsGroup()),
                    String.join(",", security.getCapabilities().getAdd()).toLowerCase(Locale.ROOT)));
            run.addAll(HostDocker.run("image", "inspect", "-f", "{{range .Config.Entrypoint}}{{println .}}{{end}}",
                    container.getImage()).lines().toList());
        }
        run.addAll(container.getArgs());
        HostDocker.Result started = HostDocker.attempt(run.toArray(String[]::new));
        if (!started.succeeded()) {
            running.close();
            throw new AssertionError("docker " + String.join(" ", run) + ": " + started.output());
        }
        return running;
    }

    /** What a pod's init containers would have put in its emptyDirs. */
    @FunctionalInterface
    interface Prefill {
        void into(PodOnEngine pod) throws IOException;

        static Prefill nothing() {
            return pod -> {
            };
        }
    }

    /** The host folder of one of the pod's emptyDirs. */
    Path emptyDir(String volume) {
        return Objects.requireNonNull(emptyDirs.get(volume), volume);
    }

    /**
     * Waits, up to {@code seconds}, for the daemon to answer {@code /_ping} on {@code port} inside the container, as the
     * kubelet's readiness probe asks it; fails with the container's log otherwise.
     */
    void awaitDaemon(int port, int seconds) throws InterruptedException {
        for (int i = 0; i < seconds; i++) {
            if (exec("docker", "-H", "tcp://127.0.0.1:" + port, "version").succeeded()) {
                return;
            }
            if (!"true".equals(HostDocker.attempt("inspect", "-f", "{{.State.Running}}", name).output().strip())) {
                break;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("the daemon never answered " + PING + " (container "
                + HostDocker.attempt("inspect", "-f", "{{json .State}}", name).output().strip() + "):\n"
                + HostDocker.attempt("logs", name).output());
    }

    /** Runs a command in the container as its user, as the pod exec API does. */
    HostDocker.Result exec(String... command) {
        List<String> args = new ArrayList<>(List.of("exec", name));
        args.addAll(List.of(command));
        return HostDocker.attempt(args.toArray(String[]::new));
    }

    /**
     * The host uids the container's processes run as, but the three of the outer container's root in a
     * user-namespaced pod: the shell that starts the kubelet's part, its {@code unshare}, and this {@code ps}. Any
     * other process of root counts, so a nested process that ran as the host's root would show.
     */
    List<Long> processUids() {
        return exec("ps", "-e", "-o", "uid=,args=").output().lines().map(String::strip).filter(line -> !line.isEmpty())
                .map(line -> line.split("\\s+", 2))
                .filter(row -> !(row[0].equals("0") && row.length > 1
                        && (row[1].startsWith("/bin/sh -c " + USERNS_POD_IN_CONTAINER + " ")
                        || row[1].startsWith("unshare ") || row[1].startsWith("ps -e -o uid=,args="))))
                .map(row -> Long.parseLong(row[0])).toList();
    }

    /** The paths {@code docker diff} lists: what the container wrote to its own layer. */
    List<String> layerChanges() {
        return HostDocker.attempt("diff", name).output().lines().map(line -> line.substring(2)).toList();
    }

    /** Bytes the container's own writable layer holds. */
    long layerSize() {
        return Long.parseLong(HostDocker.run("container", "inspect", "--size", "-f", "{{.SizeRw}}", name));
    }

    /** Host folders of the volumes the engine made for the image's own VOLUME declarations (node disk in a cluster). */
    List<Path> anonymousVolumes() {
        return HostDocker.run("inspect", "-f", "{{range .Mounts}}{{if eq .Type \"volume\"}}{{.Source}} {{end}}{{end}}",
                name).lines().flatMap(line -> Stream.of(line.split(" "))).filter(s -> !s.isBlank()).map(Path::of)
                .toList();
    }

    String logs() {
        return HostDocker.attempt("logs", name).output();
    }

    @Override
    public void close() {
        HostDocker.attempt("rm", "-f", "-v", name);
        deleteTree(root);
    }

    /** Files named {@code name} under {@code dir} that contain {@code text}. */
    static List<Path> filesContaining(Path dir, String fileName, String text) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().equals(fileName) && Files.isRegularFile(f))
                    .filter(f -> {
                        try {
                            return Files.readString(f).contains(text);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As root: the daemon's files belong to the sandbox's uids and some of its folders have no write bit. */
    private static void deleteTree(Path dir) {
        HostDocker.execute(List.of("rm", "-rf", "--one-file-system", dir.toString()), Map.of(), null);
    }
}
