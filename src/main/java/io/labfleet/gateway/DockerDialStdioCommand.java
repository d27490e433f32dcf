package io.labfleet.gateway;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.LongConsumer;

import static io.labfleet.gateway.GatewayMetrics.Direction.FROM_SANDBOX;
import static io.labfleet.gateway.GatewayMetrics.Direction.TO_SANDBOX;

/**
 * {@code docker system dial-stdio}: what the docker CLI runs over {@code ssh://}. The channel becomes a raw
 * pipe to the sandbox daemon's TCP endpoint, as the real command would make it to the daemon's socket: the
 * client's EOF half-closes the daemon connection (the daemon still answers), the daemon's EOF ends the command
 * with status 0 (then EOF to the client) without waiting for the client (which may never close stdin, e.g.
 * {@code docker attach}).
 */
final class DockerDialStdioCommand extends SandboxCommand {

    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private volatile Socket daemon;

    DockerDialStdioCommand(SandboxRoute sandbox, GatewayRuntime runtime) {
        super(sandbox, runtime);
    }

    @Override
    protected String kind() {
        return "docker dial-stdio";
    }

    @Override
    protected int serve(ChannelSession channel, Environment environment) throws IOException {
        Socket socket = new Socket();
        daemon = socket;
        try (socket) {
            try {
                socket.connect(new InetSocketAddress(sandbox.daemonHost(), sandbox.daemonPort()), CONNECT_TIMEOUT_MILLIS);
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                tell("labfleet: the Docker daemon of sandbox " + sandbox.sandboxId() + " does not answer (" + e.getMessage()
                        + "). If the sandbox was just deleted or expired, start a new one.");
                return 1;
            }
            String id = sandbox.sandboxId();
            LongConsumer toSandbox = runtime.meter(id, "docker", TO_SANDBOX);
            // The client's first request usually came with the exec and waits already: sent from here, it does not
            // wait for the pump's thread to start (under load, milliseconds on every docker command).
            StreamPump.copyWaiting(in, socket.getOutputStream(), toSandbox);
            runtime.run(id, kind() + " client to daemon", () -> {
                StreamPump.copy(in, socket.getOutputStream(), toSandbox);
                if (!socket.isClosed()) {
                    socket.shutdownOutput();
                }
            });
            try {
                StreamPump.copy(socket.getInputStream(), out, runtime.meter(id, "docker", FROM_SANDBOX));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    throw e;
                }
            }
            return 0;
        }
    }

    @Override
    public void destroy(ChannelSession channel) throws IOException {
        Socket socket = daemon;
        if (socket != null) {
            socket.close();
        }
    }
}
