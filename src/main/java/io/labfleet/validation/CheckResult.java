package io.labfleet.validation;

import io.labfleet.validation.check.CheckStatus;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** The outcome of one check in a validation run, with a message that helps the learner. */
@Entity
@Table(name = "check_result")
public class CheckResult extends PanacheEntityBase {

    @Id
    public String id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "run_id")
    public ValidationRun run;

    @Column(nullable = false)
    public int position;

    @Column(name = "check_id", nullable = false)
    public String checkId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CheckStatus status;

    /** Longest message a column holds; longer ones are cut. */
    public static final int MAX_MESSAGE_LENGTH = 2000;

    @Column(name = "message_fr", nullable = false)
    public String messageFr;

    @Column(name = "message_en")
    public String messageEn;

    @Column(name = "duration_ms", nullable = false)
    public long durationMs;
}
