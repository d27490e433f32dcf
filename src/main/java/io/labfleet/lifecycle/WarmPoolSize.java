package io.labfleet.lifecycle;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/** The size an admin gave a lab's warm pool at run time; it outranks configuration and lab.yaml on every replica. */
@Entity
@Table(name = "warm_pool_size")
public class WarmPoolSize extends PanacheEntityBase {

    @Id
    @Column(name = "lab_id")
    public String labId;

    @Column(nullable = false)
    public int size;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The admin's token subject. */
    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    /** Every size an admin set, by lab. */
    static Map<String, Integer> all() {
        return WarmPoolSize.<WarmPoolSize>listAll().stream()
                .collect(Collectors.toMap(setting -> setting.labId, setting -> setting.size));
    }
}
