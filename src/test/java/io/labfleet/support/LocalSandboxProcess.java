package io.labfleet.support;

import io.labfleet.provisioner.SandboxProcess;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/** A {@link SandboxProcess} that is a process of this machine (e.g. {@code docker exec -i} into a test sandbox). */
public final class LocalSandboxProcess implements SandboxProcess {

    private final Process process;

    public LocalSandboxProcess(List<String> command) {
        this.process = Processes.start(command, Map.of());
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return process.getErrorStream();
    }

    @Override
    public void resize(int columns, int rows) {
        // A process without a terminal has no size to change.
    }

    @Override
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    @Override
    public void close() {
        process.destroy();
    }
}
