package io.labfleet.support;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Docker-in-Docker sandbox started on the host engine by a test itself (image {@code labfleet/sandbox:latest},
 * the flags of sandbox/verify.sh), on a bridge network of its own, seeded with stand-in images. Its daemon
 * listens on plain TCP 2375 at the container's address, as a provisioned sandbox's does.
 */
public final class DindSandbox implements AutoCloseable {

    public static final String IMAGE = "labfleet/sandbox:latest";
    private static final List<String> UNPRIVILEGED = List.of("--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
            "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined",
            "--security-opt", "systempaths=unconfined", "--device-cgroup-rule", "a *:* rwm", "--cgroupns", "private");

    private final String name;
    private final String ip;

    private DindSandbox(String name, String ip) {
        this.name = name;
        this.ip = ip;
    }

    /** Starts a sandbox and waits for its daemon; loads the given host images into it. */
    public static DindSandbox start(String... images) {
        String name = "lfgw-" + UUID.randomUUID().toString().substring(0, 8);
        host("network", "create", name).assertSuccess();
        host("volume", "create", name).assertSuccess();
        List<String> run = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", name, "-v",
                name + ":/var/lib/docker"));
        run.addAll(UNPRIVILEGED);
        run.add(IMAGE);
        DindSandbox sandbox = null;
        try {
            host(run.toArray(String[]::new)).assertSuccess();
            String ip = host("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + name + "\").IPAddress}}", name)
                    .assertSuccess().stdout().strip();
            sandbox = new DindSandbox(name, ip);
            sandbox.awaitDaemon();
            if (images.length > 0) {
                sandbox.load(images);
            }
            return sandbox;
        } catch (RuntimeException | Error e) {
            if (sandbox != null) {
                sandbox.close();
            } else {
                removeAll(name);
            }
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** The sandbox's address on its network, where its daemon and published ports listen. */
    public String ip() {
        return ip;
    }

    public int daemonPort() {
        return 2375;
    }

    /** Runs the docker CLI against the sandbox's daemon directly (no gateway): the reference. */
    public Processes.Result docker(String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker", "-H", "tcp://" + ip + ":2375"));
        command.addAll(List.of(arguments));
        return Processes.run(command, Map.of(), Duration.ofMinutes(2));
    }

    /** Runs a command in the sandbox container itself, on the host engine. */
    public List<String> execCommand(boolean interactive, List<String> command) {
        List<String> exec = new ArrayList<>(List.of("docker", "exec"));
        if (interactive) {
            exec.add("-i");
        }
        exec.add(name);
        exec.addAll(command);
        return exec;
    }

    private void load(String... images) {
        List<String> save = new ArrayList<>(List.of("docker", "save"));
        save.addAll(List.of(images));
        Processes.Result saved = Processes.run(List.of("sh", "-c", String.join(" ", save) + " | docker -H tcp://"
                + ip + ":2375 load"), Map.of(), Duration.ofMinutes(2));
        saved.assertSuccess();
    }

    private void awaitDaemon() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create("http://" + ip + ":2375/_ping")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> answer = http.send(ping, HttpResponse.BodyHandlers.ofString());
                if ("OK".equals(answer.body())) {
                    return;
                }
                last = answer.statusCode() + " " + answer.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        throw new AssertionError("The sandbox daemon " + ip + ":2375 did not answer /_ping: " + last + "\n"
                + host("logs", "--tail", "30", name).stderr());
    }

    /** Whether something accepts connections on the port of the sandbox. */
    public boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new java.net.InetSocketAddress(ip, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        removeAll(name);
    }

    private static void removeAll(String name) {
        host("rm", "-f", "-v", name);
        host("network", "rm", name);
        host("volume", "rm", "-f", name);
    }

    private static Processes.Result host(String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        return Processes.run(command, Map.of(), Duration.ofMinutes(2));
    }
}
