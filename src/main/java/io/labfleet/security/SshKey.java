package io.labfleet.security;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A public key a learner registered to reach their sandboxes over SSH. */
@Entity
@Table(name = "ssh_key")
public class SshKey extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "learner_id", nullable = false)
    public String learnerId;

    @Column(nullable = false)
    public String name;

    @Column(name = "key_type", nullable = false)
    public String keyType;

    @Column(name = "public_key", nullable = false)
    public String publicKey;

    @Column(nullable = false)
    public String fingerprint;

    @Column(nullable = false)
    public int bits;

    public String comment;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static List<SshKey> ofLearner(String tenantId, String learnerId) {
        return list("tenantId = ?1 and learnerId = ?2 order by name", tenantId, learnerId);
    }

    public static SshKey findByName(String tenantId, String learnerId, String name) {
        return find("tenantId = ?1 and learnerId = ?2 and name = ?3", tenantId, learnerId, name).firstResult();
    }

    /** Whether the learner registered this exact key (the SSH gateway asks this). */
    public static boolean isRegistered(String tenantId, String learnerId, String fingerprint) {
        return count("tenantId = ?1 and learnerId = ?2 and fingerprint = ?3", tenantId, learnerId, fingerprint) > 0;
    }
}
