package io.labfleet.gateway;

import io.labfleet.commons.ResizeCoalescer;
import io.labfleet.provisioner.ProvisioningException;
import io.labfleet.provisioner.SandboxProcess;
import io.labfleet.provisioner.ShellRequest;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.SignalListener;
import org.apache.sshd.server.channel.ChannelSession;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.labfleet.gateway.GatewayMetrics.Direction.FROM_SANDBOX;
import static io.labfleet.gateway.GatewayMetrics.Direction.TO_SANDBOX;

/**
 * A shell ({@code ssh <sandbox>@gateway}) or a command ({@code ssh <sandbox>@gateway docker ps}) run inside
 * the sandbox by its backend, on a terminal when the client asked for one, with the process's exit status.
 */
final class SandboxShellCommand extends SandboxCommand {

    private final String commandLine;
    private volatile SandboxProcess process;

    /** @param commandLine what the client asked to run, or null for a login shell */
    SandboxShellCommand(SandboxRoute sandbox, GatewayRuntime runtime, String commandLine) {
        super(sandbox, runtime);
        this.commandLine = commandLine;
    }

    @Override
    protected String kind() {
        return commandLine == null ? "shell" : "command";
    }

    static ShellRequest request(String commandLine, Environment environment) {
        List<String> command = commandLine == null ? List.of() : List.of("/bin/sh", "-c", commandLine);
        String term = environment.getEnv().get(Environment.ENV_TERM);
        if (term == null) {
            return new ShellRequest(command, false, null, 0, 0);
        }
        int columns = number(environment, Environment.ENV_COLUMNS, 80);
        int rows = number(environment, Environment.ENV_LINES, 24);
        if (!ResizeCoalescer.Size.valid(columns, rows)) {
            columns = 80;
            rows = 24;
        }
        return new ShellRequest(command, true, term, columns, rows);
    }

    /**
     * Follows the client's window-change requests: sizes no terminal has are ignored, the others reach the backend
     * through {@code resizes}, at most one per interval however many the client sends.
     */
    static SignalListener windowChanges(Environment environment, ResizeCoalescer resizes) {
        return (channel, signal) -> {
            int columns = number(environment, Environment.ENV_COLUMNS, 0);
            int rows = number(environment, Environment.ENV_LINES, 0);
            if (ResizeCoalescer.Size.valid(columns, rows)) {
                resizes.request(columns, rows);
            }
        };
    }

    private static int number(Environment environment, String name, int fallback) {
        try {
            return Integer.parseInt(environment.getEnv().getOrDefault(name, ""));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    protected int serve(ChannelSession channel, Environment environment) throws Exception {
        ShellRequest request = request(commandLine, environment);
        SandboxProcess started;
        try {
            started = runtime.provisioner().exec(sandbox.sandboxId(), request);
        } catch (UnsupportedOperationException | ProvisioningException e) {
            tell("labfleet: " + e.getMessage());
            return 1;
        }
        process = started;
        String id = sandbox.sandboxId();
        SignalListener resize = windowChanges(environment, new ResizeCoalescer(runtime.resizeInterval(),
                System::nanoTime, (task, nanos) -> runtime.later(id, "resize", task, nanos),
                size -> runtime.run(id, "resize", () -> started.resize(size.columns(), size.rows()))));
        environment.addSignalListener(resize, Signal.WINCH);
        try (started) {
            runtime.run(id, kind() + " input", () -> {
                OutputStream stdin = started.stdin();
                StreamPump.copy(in, stdin, runtime.meter(id, "shell", TO_SANDBOX));
                stdin.close();
            });
            CompletableFuture<Void> errors = CompletableFuture.runAsync(() -> copyQuietly(started), runtime.executor());
            StreamPump.copy(started.stdout(), out, runtime.meter(id, "shell", FROM_SANDBOX));
            errors.join();
            return started.waitFor();
        } finally {
            environment.removeSignalListener(resize);
        }
    }

    private void copyQuietly(SandboxProcess started) {
        try {
            StreamPump.copy(started.stderr(), err, runtime.meter(sandbox.sandboxId(), "shell", FROM_SANDBOX));
        } catch (IOException e) {
            // The process or the client went away; stdout's copy and the exit status tell the rest.
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        SandboxProcess running = process;
        if (running != null) {
            running.close();
        }
    }
}
