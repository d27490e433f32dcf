package io.labfleet.gateway;

import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;

import java.security.PublicKey;
import java.time.Clock;
import java.util.Optional;

/** Public-key logins: the SSH user is a sandbox id, and the key must be one its learner registered. */
final class GatewayAuthentication implements PublickeyAuthenticator {

    private static final AttributeKey<SandboxRoute> ACCEPTED = new AttributeKey<>();
    /** The fingerprint of the key a session logged in with: the session ends when that key is revoked. */
    static final AttributeKey<String> ACCEPTED_KEY = new AttributeKey<>();

    private final SandboxDirectory directory;
    private final Refusals refusals;
    private final Clock clock;

    GatewayAuthentication(SandboxDirectory directory, Refusals refusals, Clock clock) {
        this.directory = directory;
        this.refusals = refusals;
        this.clock = clock;
    }

    /**
     * Called twice per accepted key (once when the client asks whether the key would do, once with its
     * signature): the second call of a connection reuses the first one's answer instead of asking the database again.
     */
    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        String fingerprint = KeyUtils.getFingerPrint(key);
        SandboxRoute accepted = session.getAttribute(ACCEPTED);
        if (accepted != null && accepted.sandboxId().equals(username) && fingerprint.equals(session.getAttribute(ACCEPTED_KEY))) {
            return true;
        }
        Optional<SandboxRoute> sandbox = directory.find(username);
        KeyOwnership ownership = sandbox.map(found -> directory.ownership(found, fingerprint)).orElse(KeyOwnership.UNKNOWN);
        Optional<Refusal> refusal = AccessRules.check(username, sandbox.orElse(null), ownership, clock.instant());
        if (refusal.isPresent()) {
            refusals.refuseLogin(session, username, refusal.get());
            return false;
        }
        session.setAttribute(ACCEPTED, sandbox.get());
        session.setAttribute(ACCEPTED_KEY, fingerprint);
        session.setAttribute(SshGateway.SANDBOX, sandbox.get());
        return true;
    }
}
