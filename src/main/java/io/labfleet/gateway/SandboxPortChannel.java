package io.labfleet.gateway;

import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.ChannelOutputStream;
import org.apache.sshd.common.channel.ChannelPipedInputStream;
import org.apache.sshd.common.channel.ChannelPipedOutputStream;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.AbstractServerChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.labfleet.gateway.GatewayMetrics.Direction.FROM_SANDBOX;
import static io.labfleet.gateway.GatewayMetrics.Direction.TO_SANDBOX;

/**
 * A {@code direct-tcpip} channel ({@code ssh -L}) to a port of the learner's own sandbox. The requested
 * destination is translated by {@link ForwardTargets}; any other destination, or a sandbox that is no longer
 * usable, is refused before anything is opened. Bytes flow with half-close both ways, as for the docker pipe.
 */
final class SandboxPortChannel extends AbstractServerChannel {

    static final String TYPE = "direct-tcpip";

    private final GatewayRuntime runtime;
    private ChannelPipedInputStream fromClient;
    private ChannelPipedOutputStream clientData;
    private volatile Socket target;

    SandboxPortChannel(GatewayRuntime runtime) {
        super(null);
        this.runtime = runtime;
    }

    @Override
    protected OpenFuture doInit(Buffer buffer) {
        String host = buffer.getString();
        int port = buffer.getInt();
        return runtime.sessions().admit(this, runtime.refusals(), () -> openTo(host, port));
    }

    private OpenFuture openTo(String host, int port) {
        SandboxRoute sandbox = getSession().getAttribute(SshGateway.SANDBOX);
        Optional<ForwardTargets.Target> destination = ForwardTargets.resolve(host, port, sandbox);
        if (destination.isEmpty()) {
            String message = ForwardTargets.refusalMessage(host, port, sandbox);
            runtime.refusals().record(getSession(), sandbox.sandboxId(), new Refusal(RefusalReason.FORWARD_DESTINATION, message));
            return GatewayConnectionService.refuseOpen(this, message);
        }
        OpenFuture opened = new DefaultOpenFuture(this, this);
        fromClient = new ChannelPipedInputStream(this, getLocalWindow());
        clientData = new ChannelPipedOutputStream(fromClient);
        runtime.executor().execute(() -> connect(sandbox, destination.get(), opened));
        return opened;
    }

    private void connect(SandboxRoute sandbox, ForwardTargets.Target destination, OpenFuture opened) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(destination.host(), destination.port()),
                    DockerDialStdioCommand.CONNECT_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            closeQuietly(socket);
            String message = "labfleet: nothing answers on port " + destination.port() + " of sandbox "
                    + sandbox.sandboxId() + " (is a container publishing it, e.g. docker run -p " + destination.port() + ":80?)";
            GatewayConnectionService.explainOpenFailure(this, message);
            opened.setException(new SshChannelOpenException(getChannelId(), SshConstants.SSH_OPEN_CONNECT_FAILED, message, e));
            close(true);
            return;
        }
        target = socket;
        signalChannelOpenSuccess();
        opened.setOpened();
        pump(sandbox.sandboxId(), socket);
    }

    /** Each direction ends on its own (half-close); the channel closes once both have. */
    private void pump(String sandboxId, Socket socket) {
        runtime.activity().channelOpened(sandboxId);
        AtomicInteger running = new AtomicInteger(2);
        Runnable directionDone = () -> {
            if (running.decrementAndGet() == 0) {
                runtime.activity().channelClosed(sandboxId);
                close(false);
            }
        };
        runtime.run(sandboxId, "forward client to sandbox", () -> {
            try {
                StreamPump.copy(fromClient, socket.getOutputStream(), runtime.meter(sandboxId, "forward", TO_SANDBOX));
                if (!socket.isClosed()) {
                    socket.shutdownOutput();
                }
            } finally {
                directionDone.run();
            }
        });
        runtime.run(sandboxId, "forward sandbox to client", () -> {
            try (ChannelOutputStream toClient = new ChannelOutputStream(this, getRemoteWindow(), log,
                    SshConstants.SSH_MSG_CHANNEL_DATA, true)) {
                StreamPump.copy(socket.getInputStream(), toClient, runtime.meter(sandboxId, "forward", FROM_SANDBOX));
            } finally {
                directionDone.run();
            }
        });
    }

    @Override
    protected void doWriteData(byte[] data, int off, long len) throws IOException {
        clientData.write(data, off, (int) len);
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        throw new IOException("A forwarded port carries no extended data");
    }

    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        if (clientData != null) {
            clientData.close();
        }
    }

    @Override
    protected void preClose() {
        closeQuietly(target);
        super.preClose();
    }

    private static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that was left to do with it.
        }
    }
}
