package io.labfleet.validation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A sandbox daemon started by the test itself from {@code labfleet/sandbox:latest}, on a network and volume of
 * its own, with the flags that work on this machine (see sandbox/verify.sh); removed with everything it made.
 */
final class SandboxDaemonFixture implements AutoCloseable {

    private final String name = "lfval-" + UUID.randomUUID().toString().substring(0, 8);
    private final String host;

    private SandboxDaemonFixture() {
        host(List.of("network", "create", name + "-net"));
        host(List.of("volume", "create", name + "-vol"));
        List<String> run = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", name + "-net",
                "-v", name + "-vol:/var/lib/docker", "--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
                "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined",
                "--security-opt", "systempaths=unconfined", "--device-cgroup-rule", "a *:* rwm", "--cgroupns", "private",
                "labfleet/sandbox:latest"));
        host(run);
        this.host = host(List.of("inspect", "-f", "{{(index .NetworkSettings.Networks \"" + name + "-net\").IPAddress}}", name));
        awaitPing();
    }

    static SandboxDaemonFixture start(List<String> images) {
        SandboxDaemonFixture fixture = new SandboxDaemonFixture();
        fixture.shell().load(images);
        return fixture;
    }

    String host() {
        return host;
    }

    int port() {
        return 2375;
    }

    SandboxShell shell() {
        return new SandboxShell(host, port());
    }

    private void awaitPing() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var answer = http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":2375/_ping"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.body().equals("OK")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the sandbox daemon " + name + " did not answer /_ping");
    }

    private static String host(List<String> args) {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "docker -H unix:///var/run/docker.sock \"$@\"", "docker"));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).strip();
            if (process.waitFor() != 0) {
                throw new AssertionError("docker " + args + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        host(List.of("rm", "-f", "-v", name));
        host(List.of("network", "rm", name + "-net"));
        host(List.of("volume", "rm", "-f", name + "-vol"));
    }
}
