package io.labfleet.gateway;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An SSH session channel's command served on the gateway's threads, for one sandbox: the channel counts as
 * activity on the sandbox while it is open, and ends with exactly one exit status.
 */
abstract class SandboxCommand implements Command {

    protected final SandboxRoute sandbox;
    protected final GatewayRuntime runtime;
    protected InputStream in;
    protected OutputStream out;
    protected OutputStream err;
    private ExitCallback exitCallback;
    private final AtomicBoolean exited = new AtomicBoolean();

    SandboxCommand(SandboxRoute sandbox, GatewayRuntime runtime) {
        this.sandbox = sandbox;
        this.runtime = runtime;
    }

    /** Serves the channel until it is done; returns the exit status. Runs on a gateway thread. */
    protected abstract int serve(ChannelSession channel, Environment environment) throws Exception;

    /** A short name for logs. */
    protected abstract String kind();

    @Override
    public void start(ChannelSession channel, Environment environment) {
        runtime.activity().channelOpened(sandbox.sandboxId());
        runtime.run(sandbox.sandboxId(), kind(), () -> {
            int status = 1;
            try {
                status = serve(channel, environment);
            } finally {
                runtime.activity().channelClosed(sandbox.sandboxId());
                exit(channel, status);
            }
        });
    }

    /** Writes a line to the client's stderr, for failures the learner must see. */
    protected void tell(String message) {
        try {
            err.write((message + "\n").getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException e) {
            // The client is gone; there is nobody left to tell.
        }
    }

    /** The exit status first, then MINA's EOF and close (see {@link GatewayChannelSession#exit}). */
    private void exit(ChannelSession channel, int status) {
        if (!exited.getAndSet(true)) {
            ((GatewayChannelSession) channel).exit(status, out, err);
            exitCallback.onExit(status);
        }
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exitCallback = callback;
    }
}
