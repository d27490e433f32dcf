package io.labfleet.lifecycle;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Who runs a fleet-wide lifecycle task until when; a lease that is not renewed lapses when its holder dies. */
@Entity
@Table(name = "lifecycle_lease")
public class LifecycleLease extends PanacheEntityBase {

    @Id
    public String name;

    public String holder;

    @Column(name = "held_until", nullable = false)
    public Instant heldUntil;
}
