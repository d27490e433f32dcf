package io.labfleet.gateway;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;

import java.security.PublicKey;
import java.time.Clock;
import java.util.Optional;

/** Public-key logins: the SSH user is a sandbox id, and the key must be one its learner registered. */
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
}
