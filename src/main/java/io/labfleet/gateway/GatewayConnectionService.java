package io.labfleet.gateway;

import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.AbstractServerChannel;
import org.apache.sshd.server.session.AbstractServerSession;
import org.apache.sshd.server.session.ServerConnectionService;
import org.apache.sshd.server.session.ServerConnectionServiceFactory;

import java.io.IOException;

/**
 * MINA answers every refused channel with "Generic error while opening channel"; the gateway's channels leave
 * the learner-facing reason on the session instead, and this service puts it in the refusal, where OpenSSH
 * prints it ({@code channel 0: open failed: administratively prohibited: <reason>}).
 */
final class GatewayConnectionService extends ServerConnectionService {

    private static final AttributeKey<String> OPEN_FAILURE = new AttributeKey<>();

    GatewayConnectionService(AbstractServerSession session) throws SshException {
        super(session);
    }

    /** Leaves the message for the channel open failure about to be sent on this session. */
    static void explainOpenFailure(Session session, String message) {
        session.setAttribute(OPEN_FAILURE, message);
    }

    /** Refuses a channel being opened: the client reads the message, nothing is opened. */
    static OpenFuture refuseOpen(AbstractServerChannel channel, String message) {
        explainOpenFailure(channel.getSession(), message);
        OpenFuture refused = new DefaultOpenFuture(channel, channel);
        refused.setException(new SshChannelOpenException(channel.getChannelId(),
                SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, message));
        channel.close(true);
        return refused;
    }

    @Override
    protected IoWriteFuture sendChannelOpenFailure(Buffer buffer, long sender, int reasonCode, String message, String lang)
            throws IOException {
        String explained = getSession().removeAttribute(OPEN_FAILURE);
        return super.sendChannelOpenFailure(buffer, sender, reasonCode, explained != null ? explained : message, lang);
    }

    static final class Factory extends ServerConnectionServiceFactory {
        @Override
        public Service create(Session session) throws IOException {
            GatewayConnectionService service = new GatewayConnectionService((AbstractServerSession) session);
            service.addPortForwardingEventListenerManager(this);
            return service;
        }
    }
}
