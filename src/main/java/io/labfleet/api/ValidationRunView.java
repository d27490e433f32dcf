package io.labfleet.api;

import io.labfleet.lab.Lab;
import io.labfleet.lab.Text;
import io.labfleet.validation.CheckResult;
import io.labfleet.validation.ValidationRun;
import io.labfleet.validation.check.CheckStatus;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A validation run as clients see it, its messages in the language asked for (French unless English is). */
@Schema(name = "ValidationRun")
public record ValidationRunView(
        @Schema(example = "vr-7hq2kx9mzt") String id,
        @Schema(example = "sb-k3v9q2mxa7") String sandboxId,
        @Schema(example = "p3-container-lifecycle") String labId,
        String tenant,
        String learner,
        @Schema(description = "QUEUED, then RUNNING, then COMPLETED (every check has a result) or ERROR (see error)")
        ValidationRun.State state,
        @Schema(description = "Why the run could not complete (state ERROR)") String error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        @Schema(description = "Checks of the lab") int total,
        int passed,
        int failed,
        int errors,
        @Schema(description = "One result per check done so far, in the lab's order") List<Result> results) {

    @Schema(name = "CheckResult")
    public record Result(
            @Schema(example = "mon-web-started") String checkId,
            @Schema(example = "An Nginx container named mon-web was started") String title,
            @Schema(description = "PASSED: done; FAILED: not done (the message says what to do); ERROR: could not be told")
            CheckStatus status,
            @Schema(description = "What was found and, when not done, what to do") String message,
            long durationMs) {
    }

    static ValidationRunView of(ValidationRun run, Optional<Lab> lab, Locale locale) {
        List<Result> results = run.results.stream().map(r -> new Result(r.checkId, title(lab, r, locale), r.status,
                new Text(r.messageFr, r.messageEn).in(locale), r.durationMs)).toList();
        String error = run.error == null ? null : new Text(run.error, run.errorEn).in(locale);
        return new ValidationRunView(run.id, run.sandboxId, run.labId, run.tenantId, run.learnerId, run.state, error,
                run.createdAt, run.startedAt, run.finishedAt, run.total, run.passed, run.failed, run.errors, results);
    }

    private static String title(Optional<Lab> lab, CheckResult result, Locale locale) {
        return lab.flatMap(l -> l.check(result.checkId)).map(c -> c.title().in(locale)).orElse(result.checkId);
    }
}
