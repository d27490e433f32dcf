package io.labfleet.gateway;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.auth.AbstractUserAuth;
import org.apache.sshd.server.auth.AbstractUserAuthFactory;
import org.apache.sshd.server.auth.UserAuth;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;

import java.security.PublicKey;
import java.time.Clock;
import java.util.Optional;

/**
 * Public-key logins only: the SSH user is a sandbox id, and the key must be one its learner registered.
 * Password and keyboard-interactive requests are answered (and counted) as refusals without ever being
 * offered, so OpenSSH clients never prompt for a password that could not work.
 */
final class GatewayAuthentication implements PublickeyAuthenticator {

    private final SandboxDirectory directory;
    private final Refusals refusals;
    private final Clock clock;

    GatewayAuthentication(SandboxDirectory directory, Refusals refusals, Clock clock) {
        this.directory = directory;
        this.refusals = refusals;
        this.clock = clock;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        Optional<SandboxRoute> sandbox = directory.find(username);
        KeyOwnership ownership = sandbox.map(found -> directory.ownership(found, KeyUtils.getFingerPrint(key)))
                .orElse(KeyOwnership.UNKNOWN);
        Optional<Refusal> refusal = AccessRules.check(username, sandbox.orElse(null), ownership, clock.instant());
        if (refusal.isPresent()) {
            refusals.refuseLogin(session, username, refusal.get());
            return false;
        }
        session.setAttribute(SshGateway.SANDBOX, sandbox.get());
        return true;
    }

    /** An authentication method that is never offered and always fails, so that attempts are seen. */
    UserAuthFactory refused(String method, RefusalReason reason) {
        return new AbstractUserAuthFactory(method) {
            @Override
            public UserAuth createUserAuth(ServerSession session) {
                return new AbstractUserAuth(method) {
                    @Override
                    protected Boolean doAuth(Buffer buffer, boolean init) {
                        refusals.refuseLogin(session, getUsername(), new Refusal(reason, "labfleet: " + method
                                + " logins are refused; log in with a public key registered on your account."));
                        return false;
                    }
                };
            }
        };
    }
}
