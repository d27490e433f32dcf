package io.labfleet.security;

import io.labfleet.config.IdGenerator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;

/**
 * Learners' SSH public keys: register, replace, list, remove. A key belongs to one learner only (the database
 * holds each fingerprint once); a key that stops being registered is announced with {@link SshKeyRevoked}.
 */
@ApplicationScoped
public class SshKeyService {

    public static final int MAX_KEYS_PER_LEARNER = 20;

    private final Clock clock;
    private final IdGenerator ids;
    private final Event<SshKeyRevoked> revocations;

    SshKeyService(Clock clock, IdGenerator ids, Event<SshKeyRevoked> revocations) {
        this.clock = clock;
        this.ids = ids;
        this.revocations = revocations;
    }

    public List<SshKey> list(Caller caller) {
        return SshKey.ofLearner(caller.tenantId(), caller.subject());
    }

    /** Registers the key under {@code name}, replacing a key of that name. Returns whether it was new. */
    @Transactional
    public boolean put(Caller caller, String name, String publicKeyLine) {
        SshPublicKey key = SshPublicKey.parse(publicKeyLine);
        SshKey existing = SshKey.findByName(caller.tenantId(), caller.subject(), name);
        SshKey sameKey = SshKey.find("tenantId = ?1 and learnerId = ?2 and fingerprint = ?3",
                caller.tenantId(), caller.subject(), key.fingerprint()).firstResult();
        if (sameKey != null && !sameKey.name.equals(name)) {
            throw new SshKeyConflictException("This key is already registered as '" + sameKey.name + "'.");
        }
        if (sameKey == null && SshKey.count("fingerprint", key.fingerprint()) > 0) {
            throw anotherLearnersKey();
        }
        if (existing == null && SshKey.count("tenantId = ?1 and learnerId = ?2", caller.tenantId(), caller.subject())
                >= MAX_KEYS_PER_LEARNER) {
            throw new SshKeyConflictException("You already have " + MAX_KEYS_PER_LEARNER
                    + " keys; delete one before adding another.");
        }
        SshKey stored = existing != null ? existing : new SshKey();
        if (existing == null) {
            stored.id = ids.next("key");
            stored.tenantId = caller.tenantId();
            stored.learnerId = caller.subject();
            stored.name = name;
        }
        if (existing != null && !existing.fingerprint.equals(key.fingerprint())) {
            revocations.fire(new SshKeyRevoked(existing.tenantId, existing.learnerId, existing.fingerprint));
        }
        stored.keyType = key.type();
        stored.publicKey = key.canonical();
        stored.fingerprint = key.fingerprint();
        stored.bits = key.bits();
        stored.comment = key.comment().length() > 200 ? key.comment().substring(0, 200) : key.comment();
        stored.createdAt = clock.instant();
        if (existing == null) {
            stored.persist();
        }
        try {
            SshKey.flush();
        } catch (PersistenceException registeredMeanwhile) {
            throw anotherLearnersKey();
        }
        return existing == null;
    }

    private static SshKeyConflictException anotherLearnersKey() {
        return new SshKeyConflictException("This key is already registered by another account, and a key opens one"
                + " learner's sandboxes only. Register a key of your own (ssh-keygen -t ed25519 makes one).");
    }

    public SshKey get(Caller caller, String name) {
        SshKey key = SshKey.findByName(caller.tenantId(), caller.subject(), name);
        if (key == null) {
            throw new SshKeyNotFoundException(name);
        }
        return key;
    }

    /** Removes the key; the SSH sessions it opened end once the removal committed. */
    @Transactional
    public void delete(Caller caller, String name) {
        SshKey key = get(caller, name);
        key.delete();
        revocations.fire(new SshKeyRevoked(key.tenantId, key.learnerId, key.fingerprint));
    }
}
