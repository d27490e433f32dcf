package io.labfleet.provisioner;

import java.io.InputStream;
import java.io.OutputStream;

/** A process running inside a sandbox (see {@link SandboxProvisioner#exec}), with its standard streams. */
public interface SandboxProcess extends AutoCloseable {

    OutputStream stdin();

    InputStream stdout();

    /** Its error output; on a terminal everything comes through {@link #stdout()} and this stream is empty. */
    InputStream stderr();

    /** Tells the process its terminal changed size. */
    void resize(int columns, int rows);

    /** Waits for the process to end and returns its exit code. */
    int waitFor() throws InterruptedException;

    /** Stops the process if it still runs and releases what it holds. */
    @Override
    void close();
}
