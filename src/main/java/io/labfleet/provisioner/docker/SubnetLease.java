package io.labfleet.provisioner.docker;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A subnet of the pool held by one sandbox's network, from before the network exists until after it is gone. */
@Entity
@Table(name = "docker_subnet_lease")
public class SubnetLease extends PanacheEntityBase {

    /** {@code a.b.c.d/n}. */
    @Id
    public String subnet;

    @Column(name = "sandbox_id", nullable = false, unique = true)
    public String sandboxId;

    @Column(name = "leased_at", nullable = false)
    public Instant leasedAt;
}
