package io.labfleet.tenant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;

/** An organisation using Labfleet (a school, a training company) and the quotas that bound it. */
@Entity
@Table(name = "tenant")
public class Tenant extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(name = "max_active_sandboxes", nullable = false)
    public int maxActiveSandboxes;

    @Column(name = "max_sandboxes_per_learner", nullable = false)
    public int maxSandboxesPerLearner;

    @Column(name = "max_lifetime_minutes", nullable = false)
    public int maxLifetimeMinutes;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public Quotas quotas() {
        return new Quotas(maxActiveSandboxes, maxSandboxesPerLearner, Duration.ofMinutes(maxLifetimeMinutes));
    }

    public void apply(Quotas quotas, Instant now) {
        maxActiveSandboxes = quotas.maxActiveSandboxes();
        maxSandboxesPerLearner = quotas.maxSandboxesPerLearner();
        maxLifetimeMinutes = (int) quotas.maxLifetime().toMinutes();
        updatedAt = now;
    }
}
