package io.labfleet.gateway;

import org.apache.sshd.common.Service;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.session.ServerUserAuthService;
import org.apache.sshd.server.session.ServerUserAuthServiceFactory;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Only public keys are offered, so OpenSSH never even asks for a password; clients that send a password or
 * keyboard-interactive request anyway (password-guessing bots do) are refused by MINA, and recorded here.
 */
final class GatewayUserAuthService extends ServerUserAuthService {

    private static final Map<String, RefusalReason> REFUSED_METHODS = Map.of(
            "password", RefusalReason.PASSWORD, "keyboard-interactive", RefusalReason.KEYBOARD_INTERACTIVE);

    private final Refusals refusals;

    GatewayUserAuthService(Session session, Refusals refusals) throws IOException {
        super(session);
        this.refusals = refusals;
    }

    @Override
    protected boolean handleUserAuthRequestMessage(ServerSession session, Buffer buffer, AtomicReference<Boolean> authenticated)
            throws Exception {
        int start = buffer.rpos();
        String username = buffer.getString();
        buffer.getString();
        String method = buffer.getString();
        buffer.rpos(start);
        RefusalReason refused = REFUSED_METHODS.get(method);
        if (refused != null && !session.isAuthenticated()) {
            refusals.refuseLogin(session, username, new Refusal(refused, "labfleet: " + method
                    + " logins are refused; log in with a public key registered on your account."));
        }
        return super.handleUserAuthRequestMessage(session, buffer, authenticated);
    }

    static final class Factory extends ServerUserAuthServiceFactory {

        private final Refusals refusals;

        Factory(Refusals refusals) {
            this.refusals = refusals;
        }

        @Override
        public Service create(Session session) throws IOException {
            return new GatewayUserAuthService(session, refusals);
        }
    }
}
