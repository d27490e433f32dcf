package io.labfleet.provisioner.docker;

import io.labfleet.commons.ServiceThreads;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.labfleet.provisioner.ProvisioningException;
import io.labfleet.provisioner.SandboxProcess;
import io.labfleet.provisioner.ShellRequest;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker exec} in a sandbox container, for the SSH gateway's shells and commands: the process runs in the
 * DinD container itself (the learner's Docker host, with {@code docker} talking to the sandbox's own daemon), so
 * the learner's daemon never lists it. Streams go through pipes; on a terminal everything comes on stdout.
 */
final class DockerSandboxShell implements SandboxProcess {

    private static final Logger LOG = Logger.getLogger(DockerSandboxShell.class);
    private static final int PIPE_BUFFER = 64 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The learner's login shell: bash where the sandbox image has it (the offline image), sh otherwise (docker:dind). */
    private static final String LOGIN_SHELL = "if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi";

    private final DockerClient docker;
    private final String execId;
    private final ExecAttachment attachment;
    private final OutputStream stdin;
    private final PipedInputStream stdout = new PipedInputStream(PIPE_BUFFER);
    private final PipedInputStream stderr = new PipedInputStream(PIPE_BUFFER);
    private final Thread output;

    private DockerSandboxShell(DockerClient docker, URI engine, String execId, boolean tty) throws IOException {
        this.docker = docker;
        this.execId = execId;
        this.attachment = ExecAttachment.start(engine, execId, tty, CONNECT_TIMEOUT);
        this.stdin = attachment.stdin();
        PipedOutputStream toStdout = new PipedOutputStream(stdout);
        PipedOutputStream toStderr = new PipedOutputStream(stderr);
        this.output = ServiceThreads.daemon(() -> {
            try {
                attachment.copyOutput(toStdout, toStderr);
            } catch (IOException e) {
                LOG.debugf("The output of exec %s ended: %s", execId, e.getMessage());
            } finally {
                closeAll(toStdout, toStderr);
            }
        }, "exec-output-" + execId);
        output.start();
    }

    /**
     * Starts the request's command (or a login shell) as the profile's shell account, in its home.
     *
     * @throws ProvisioningException when the container is gone or the engine does not answer
     */
    static DockerSandboxShell start(DockerClient docker, URI engine, String container,
                                    IsolationProfile.ShellAccount account, ShellRequest request) {
        List<String> command = request.command().isEmpty() ? List.of("/bin/sh", "-c", LOGIN_SHELL) : request.command();
        List<String> environment = new ArrayList<>(List.of("HOME=" + account.home()));
        environment.addAll(account.env());
        if (request.tty()) {
            environment.add("TERM=" + request.term());
        }
        try {
            ExecCreateCmd create = docker.execCreateCmd(container).withAttachStdin(true).withAttachStdout(true)
                    .withAttachStderr(true).withTty(request.tty()).withWorkingDir(account.home())
                    .withEnv(environment).withCmd(command.toArray(String[]::new));
            account.user().ifPresent(create::withUser);
            String execId = create.exec().getId();
            DockerSandboxShell shell = new DockerSandboxShell(docker, engine, execId, request.tty());
            if (request.tty()) {
                shell.resize(request.columns(), request.rows());
            }
            return shell;
        } catch (NotFoundException e) {
            throw new ProvisioningException("The sandbox's container is gone; it may have expired.", e);
        } catch (DockerException | IOException e) {
            throw new ProvisioningException("Could not start a process in the sandbox: " + e.getMessage(), e);
        }
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public void resize(int columns, int rows) {
        try {
            docker.resizeExecCmd(execId).withSize(rows, columns).exec();
        } catch (RuntimeException e) {
            LOG.debugf("Resizing exec %s to %dx%d failed: %s", execId, columns, rows, e.getMessage());
        }
    }

    @Override
    public int waitFor() throws InterruptedException {
        output.join();
        Long exitCode = docker.inspectExecCmd(execId).exec().getExitCodeLong();
        return exitCode == null ? 1 : exitCode.intValue();
    }

    @Override
    public void close() {
        try {
            attachment.close();
        } catch (IOException e) {
            LOG.debugf("Closing the streams of exec %s failed: %s", execId, e.getMessage());
        }
    }

    private static void closeAll(OutputStream... streams) {
        for (OutputStream stream : streams) {
            try {
                stream.close();
            } catch (IOException e) {
                LOG.debugf("Closing a pipe failed: %s", e.getMessage());
            }
        }
    }
}
