package io.labfleet.validation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One execution of a lab's checks against a learner's sandbox. */
@Entity
@Table(name = "validation_run")
public class ValidationRun extends PanacheEntityBase {

    /** QUEUED until a worker claims it, RUNNING, then COMPLETED (every check has a result) or ERROR. */
    @Schema(name = "ValidationRunState")
    public enum State { QUEUED, RUNNING, COMPLETED, ERROR }

    @Id
    public String id;

    @Column(name = "sandbox_id", nullable = false)
    public String sandboxId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "learner_id", nullable = false)
    public String learnerId;

    @Column(name = "lab_id", nullable = false)
    public String labId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    /** Why the run could not complete (state ERROR), in French. */
    public String error;

    /** The same in English. */
    @Column(name = "error_en")
    public String errorEn;

    /** The replica working on the run, so a restarted replica finds the runs it left behind. */
    @Column(name = "claimed_by")
    public String claimedBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** How many checks the lab had when the run was made. */
    public int total;

    public int passed;
    public int failed;
    public int errors;

    @OneToMany(mappedBy = "run", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<CheckResult> results = new ArrayList<>();
}
