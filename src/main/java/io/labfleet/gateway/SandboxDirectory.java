package io.labfleet.gateway;

import io.labfleet.sandbox.Sandbox;
import io.labfleet.security.SshKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.transaction.Transactional;

import java.util.Optional;

/**
 * The database as the gateway sees it: sandboxes by id and keys by fingerprint. Called from MINA's threads,
 * so each call opens its own request context and transaction, and returns plain values, never entities.
 */
@ApplicationScoped
public class SandboxDirectory {

    @ActivateRequestContext
    @Transactional
    public Optional<SandboxRoute> find(String sandboxId) {
        return Sandbox.<Sandbox>findByIdOptional(sandboxId).map(SandboxRoute::of);
    }

    /** Whose a key (by its OpenSSH SHA-256 fingerprint) is, seen from the given sandbox. */
    @ActivateRequestContext
    @Transactional
    public KeyOwnership ownership(SandboxRoute sandbox, String fingerprint) {
        if (SshKey.isRegistered(sandbox.tenantId(), sandbox.learnerId(), fingerprint)) {
            return KeyOwnership.OWNER;
        }
        return SshKey.count("fingerprint", fingerprint) > 0 ? KeyOwnership.OTHER_LEARNER : KeyOwnership.UNKNOWN;
    }
}
