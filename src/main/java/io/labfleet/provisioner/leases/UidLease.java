package io.labfleet.provisioner.leases;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A host uid of {@link RootlessUidPool} held by one rootless sandbox, from before its container exists until after it is gone. */
@Entity
@Table(name = "docker_uid_lease")
public class UidLease extends PanacheEntityBase {

    @Id
    public Integer uid;

    @Column(name = "sandbox_id", nullable = false, unique = true)
    public String sandboxId;

    @Column(name = "leased_at", nullable = false)
    public Instant leasedAt;
}
