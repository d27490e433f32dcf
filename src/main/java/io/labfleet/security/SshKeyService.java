package io.labfleet.security;

import io.labfleet.config.IdGenerator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;

/** Learners' SSH public keys: register, replace, list, remove. */
@ApplicationScoped
public class SshKeyService {

    public static final int MAX_KEYS_PER_LEARNER = 20;

    private final Clock clock;
    private final IdGenerator ids;

    SshKeyService(Clock clock, IdGenerator ids) {
        this.clock = clock;
        this.ids = ids;
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
        stored.keyType = key.type();
        stored.publicKey = key.canonical();
        stored.fingerprint = key.fingerprint();
        stored.bits = key.bits();
        stored.comment = key.comment().length() > 200 ? key.comment().substring(0, 200) : key.comment();
        stored.createdAt = clock.instant();
        if (existing == null) {
            stored.persist();
        }
        return existing == null;
    }

    public SshKey get(Caller caller, String name) {
        SshKey key = SshKey.findByName(caller.tenantId(), caller.subject(), name);
        if (key == null) {
            throw new SshKeyNotFoundException(name);
        }
        return key;
    }

    @Transactional
    public void delete(Caller caller, String name) {
        get(caller, name).delete();
    }
}
