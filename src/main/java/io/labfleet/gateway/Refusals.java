package io.labfleet.gateway;

import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/** Every refusal is logged with its reason and the client's address, counted, and, while logging in, told. */
final class Refusals {

    private static final Logger LOG = Logger.getLogger(Refusals.class);
    private static final org.apache.sshd.common.AttributeRepository.AttributeKey<Set<RefusalReason>> TOLD =
            new org.apache.sshd.common.AttributeRepository.AttributeKey<>();

    private final GatewayMetrics metrics;

    Refusals(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** Records a refusal; nothing is sent to the client (the caller answers through the protocol). */
    void record(Session session, String sandboxId, Refusal refusal) {
        MDC.put("sandbox", sandboxId);
        try {
            LOG.infof("SSH gateway refused %s for %s from %s: %s", refusal.reason().slug(), sandboxId,
                    session.getIoSession().getRemoteAddress(), refusal.message());
        } finally {
            MDC.remove("sandbox");
        }
        metrics.refused(refusal.reason());
    }

    /**
     * Records a login refusal and shows its message to the client as an SSH banner (OpenSSH prints it on
     * stderr, and the docker CLI shows ssh's stderr in its error), once per reason and connection: a client
     * offering several keys would otherwise see it once per key.
     */
    void refuseLogin(Session session, String sandboxId, Refusal refusal) {
        Set<RefusalReason> told = session.computeAttributeIfAbsent(TOLD, key -> EnumSet.noneOf(RefusalReason.class));
        synchronized (told) {
            if (!told.add(refusal.reason())) {
                return;
            }
        }
        record(session, sandboxId, refusal);
        try {
            Buffer banner = session.createBuffer(SshConstants.SSH_MSG_USERAUTH_BANNER);
            banner.putString(refusal.message() + "\n");
            banner.putString("");
            session.writePacket(banner);
        } catch (IOException e) {
            LOG.debugf(e, "Could not tell %s why it was refused", session.getIoSession().getRemoteAddress());
        }
    }
}
