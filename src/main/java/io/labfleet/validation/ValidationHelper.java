package io.labfleet.validation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** A container a validation run created inside a sandbox, by the id the sandbox's daemon gave it. */
@Entity
@Table(name = "validation_helper")
public class ValidationHelper extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "sandbox_id") String sandboxId,
                      @Column(name = "container_id") String containerId) implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The ids of every helper validation runs created in the sandbox. */
    public static List<String> idsIn(String sandboxId) {
        return ValidationHelper.<ValidationHelper>list("key.sandboxId", sandboxId).stream()
                .map(helper -> helper.key.containerId()).toList();
    }
}
