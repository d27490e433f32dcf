package io.labfleet.provisioner.kubernetes;

import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.TtyExecErrorable;
import io.labfleet.provisioner.SandboxProcess;
import io.labfleet.provisioner.ShellRequest;
import org.jboss.logging.Logger;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * A process in the sandbox pod's Docker container, started through the pod exec API, for the SSH gateway's shells
 * and commands. It runs as the container's user (the sandbox's own uid in the rootless profile), in its home, with
 * {@code docker} pointed at the sandbox's own daemon; the learner's daemon never lists it. On a terminal
 * everything comes on stdout.
 */
final class KubernetesSandboxShell implements SandboxProcess {

    private static final Logger LOG = Logger.getLogger(KubernetesSandboxShell.class);
    /** The learner's login shell: bash where the sandbox image has it, sh otherwise (docker:dind). */
    static final String LOGIN_SHELL = "cd \"$HOME\" 2>/dev/null; "
            + "if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi";

    private final ExecWatch watch;
    private final boolean tty;

    private KubernetesSandboxShell(ExecWatch watch, boolean tty) {
        this.watch = watch;
        this.tty = tty;
    }

    /** The command line run in the container: the request's command, or a login shell, with its environment. */
    static List<String> commandLine(ShellRequest request, String home, int daemonPort) {
        List<String> command = new ArrayList<>(List.of("env", "HOME=" + home,
                "DOCKER_HOST=tcp://127.0.0.1:" + daemonPort));
        if (request.tty()) {
            command.add("TERM=" + request.term());
        }
        command.addAll(request.command().isEmpty() ? List.of("/bin/sh", "-c", LOGIN_SHELL) : request.command());
        return command;
    }

    static KubernetesSandboxShell start(PodResource pod, String container, List<String> command, ShellRequest request) {
        TtyExecErrorable streams = pod.inContainer(container).redirectingInput().redirectingOutput();
        ExecWatch watch = request.tty()
                ? streams.withTTY().exec(command.toArray(String[]::new))
                : streams.redirectingError().exec(command.toArray(String[]::new));
        KubernetesSandboxShell shell = new KubernetesSandboxShell(watch, request.tty());
        if (request.tty()) {
            shell.resize(request.columns(), request.rows());
        }
        return shell;
    }

    @Override
    public OutputStream stdin() {
        return watch.getInput();
    }

    @Override
    public InputStream stdout() {
        return endingWithTheProcess(watch.getOutput());
    }

    @Override
    public InputStream stderr() {
        return tty ? InputStream.nullInputStream() : endingWithTheProcess(watch.getError());
    }

    /**
     * Fabric8 ends a stream of a process that exited with a non-zero code by an exception once its data has been
     * read; the learner's {@code ssh sandbox false} is no failure of the stream: it ends, and the exit code says the rest.
     */
    private InputStream endingWithTheProcess(InputStream stream) {
        return new FilterInputStream(stream) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException e) {
                    return endOrRethrow(e);
                }
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                try {
                    return super.read(buffer, offset, length);
                } catch (IOException e) {
                    return endOrRethrow(e);
                }
            }
        };
    }

    private int endOrRethrow(IOException e) throws IOException {
        if (watch.exitCode().isDone() && !watch.exitCode().isCompletedExceptionally()) {
            return -1;
        }
        throw e;
    }

    @Override
    public void resize(int columns, int rows) {
        try {
            watch.resize(columns, rows);
        } catch (RuntimeException e) {
            LOG.debugf("Resizing a sandbox terminal to %dx%d failed: %s", columns, rows, e.getMessage());
        }
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            Integer code = watch.exitCode().get();
            return code == null ? 1 : code;
        } catch (ExecutionException e) {
            LOG.debugf("A sandbox process ended without an exit status: %s", e.getCause().getMessage());
            return 1;
        }
    }

    @Override
    public void close() {
        watch.close();
    }
}
