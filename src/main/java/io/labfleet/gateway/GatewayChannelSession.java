package io.labfleet.gateway;

import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.session.ServerSession;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The SSH "session" channel of the gateway: opened only while the sandbox is still usable; shells and commands
 * as MINA runs them, but agent forwarding, X11, subsystems (sftp) and the legacy scp protocol are refused with the
 * refusal recorded, and commands may half-close their output.
 */
final class GatewayChannelSession extends ChannelSession {

    private final GatewayRuntime runtime;

    GatewayChannelSession(GatewayRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * A session opened long ago (ControlMaster) may open channels after its sandbox is gone: each one asks again, and
     * opens once its sandbox is woken if it was suspended.
     */
    @Override
    protected OpenFuture doInit(Buffer buffer) {
        return runtime.sessions().admit(this, runtime.refusals(), () -> super.doInit(buffer));
    }

    /**
     * Ends the command as OpenSSH's sshd does: what it wrote, then its exit status, and only then EOF and close.
     * MINA on its own sends EOF first; a client whose input has ended (a command with {@code </dev/null}, piped
     * input, a shared connection's master) answers that EOF with a close at once, and MINA drops the exit status it
     * writes after a close came in, so under load ssh saw no status and exited 255 ("Control master terminated
     * unexpectedly" on a shared connection) although the command had succeeded. MINA then skips the status it
     * would send itself (it is sent once).
     */
    void exit(int status, OutputStream... streams) {
        for (OutputStream stream : streams) {
            try {
                stream.flush();
            } catch (IOException e) {
                // The client is gone: there is nobody to send anything to.
            }
        }
        try {
            sendExitStatus(status);
        } catch (IOException e) {
            // The same.
        }
    }

    @Override
    protected RequestHandler.Result handleSubsystemParsed(String request, String subsystem) {
        return refuse(RefusalReason.SUBSYSTEM, "subsystem " + subsystem + " (sftp, scp -s) is not available; "
                + "copy files with docker cp through your context");
    }

    @Override
    protected RequestHandler.Result handleExecParsed(String request, String command) throws IOException {
        if (RemoteCommand.isLegacyScp(command)) {
            return refuse(RefusalReason.SCP, "scp is not available; copy files with docker cp through your context");
        }
        return super.handleExecParsed(request, command);
    }

    @Override
    protected RequestHandler.Result handleAgentForwardingParsed(String requestType) {
        return refuse(RefusalReason.AGENT_FORWARDING, "agent forwarding is not available");
    }

    @Override
    protected RequestHandler.Result handleX11ForwardingParsed(String requestType, ServerSession session, boolean singleConnection,
                                                              String authProtocol, String authCookie, int screenId) {
        return refuse(RefusalReason.X11_FORWARDING, "X11 forwarding is not available");
    }

    private RequestHandler.Result refuse(RefusalReason reason, String what) {
        SandboxRoute sandbox = getSession().getAttribute(SshGateway.SANDBOX);
        runtime.refusals().record(getSession(), sandbox == null ? "?" : sandbox.sandboxId(), new Refusal(reason, "labfleet: " + what + "."));
        return RequestHandler.Result.ReplyFailure;
    }
}
