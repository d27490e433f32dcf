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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MINA answers every refused channel with "Generic error while opening channel"; the gateway's channels leave
 * the learner-facing reason on the session instead, under the client's number for the channel, and this service
 * puts it in that channel's refusal, where OpenSSH prints it
 * ({@code channel 0: open failed: administratively prohibited: <reason>}). Keyed by channel, two refusals under
 * way at once on one connection (a forwarded port that does not answer, another refused meanwhile) keep their own.
 */
final class GatewayConnectionService extends ServerConnectionService {

    private static final AttributeKey<Map<Long, String>> OPEN_FAILURES = new AttributeKey<>();

    GatewayConnectionService(AbstractServerSession session) throws SshException {
        super(session);
    }

    /**
     * Leaves the message for this channel's open failure, about to be sent: MINA sends it under the number the client
     * gave the channel, which the channel holds as its recipient from before its {@code doInit}.
     */
    static void explainOpenFailure(AbstractServerChannel channel, String message) {
        channel.getSession().computeAttributeIfAbsent(OPEN_FAILURES, key -> new ConcurrentHashMap<>())
                .put(channel.getRecipient(), message);
    }

    /** Refuses a channel being opened: the client reads the message, nothing is opened. */
    static OpenFuture refuseOpen(AbstractServerChannel channel, String message) {
        explainOpenFailure(channel, message);
        OpenFuture refused = new DefaultOpenFuture(channel, channel);
        refused.setException(new SshChannelOpenException(channel.getChannelId(),
                SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED, message));
        channel.close(true);
        return refused;
    }

    @Override
    protected IoWriteFuture sendChannelOpenFailure(Buffer buffer, long sender, int reasonCode, String message, String lang)
            throws IOException {
        Map<Long, String> failures = getSession().getAttribute(OPEN_FAILURES);
        String explained = failures == null ? null : failures.remove(sender);
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
