package io.labfleet.gateway;

import io.labfleet.sandbox.Sandbox;
import io.labfleet.security.SshKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.transaction.Transactional;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The database as the gateway sees it: sandboxes by id and keys by fingerprint. Called from MINA's threads,
 * so each call opens its own request context (and transaction, but for single reads), and returns plain values,
 * never entities.
 */
@ApplicationScoped
public class SandboxDirectory {

    /**
     * One statement, read outside a transaction (autocommit): one round trip to the database, where a transaction
     * adds its commit's. Every channel of a connection asks this before it opens, while the client waits.
     */
    @ActivateRequestContext
    public Optional<SandboxRoute> find(String sandboxId) {
        return Sandbox.<Sandbox>findByIdOptional(sandboxId).map(SandboxRoute::of);
    }

    /** The sandboxes of these ids that still exist, by id: one query for all of them. */
    @ActivateRequestContext
    @Transactional
    public Map<String, SandboxRoute> findAll(Collection<String> sandboxIds) {
        return Sandbox.listByIds(sandboxIds).stream().map(SandboxRoute::of)
                .collect(Collectors.toMap(SandboxRoute::sandboxId, Function.identity()));
    }

    /** The keys of these fingerprints that are still registered, each with its owner's "tenant/learner": one query. */
    @ActivateRequestContext
    @Transactional
    public Map<String, String> owners(Collection<String> fingerprints) {
        if (fingerprints.isEmpty()) {
            return Map.of();
        }
        return SshKey.<SshKey>list("fingerprint in ?1", fingerprints).stream()
                .collect(Collectors.toMap(key -> key.fingerprint, key -> owner(key.tenantId, key.learnerId)));
    }

    static String owner(String tenantId, String learnerId) {
        return tenantId + "/" + learnerId;
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
