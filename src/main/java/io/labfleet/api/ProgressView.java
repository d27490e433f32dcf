package io.labfleet.api;

import io.labfleet.validation.ProgressService;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** One learner's best result in one lab. */
@Schema(name = "Progress")
public record ProgressView(
        @Schema(example = "acme") String tenant,
        @Schema(description = "Learner id (token subject)") String learner,
        String learnerName,
        @Schema(example = "p3-container-lifecycle") String labId,
        @Schema(description = "Checks of the lab") int total,
        @Schema(description = "Checks passed in the best completed run") int bestPassed,
        @Schema(description = "Every check passed in one run") boolean completed,
        String bestRunId,
        Instant bestRunAt,
        @Schema(description = "Completed runs") int runs,
        Instant lastRunAt) {

    static ProgressView of(ProgressService.Progress progress) {
        return new ProgressView(progress.tenantId(), progress.learnerId(), progress.learnerName(), progress.labId(),
                progress.total(), progress.bestPassed(), progress.completed(), progress.bestRunId(),
                progress.bestRunAt(), progress.runs(), progress.lastRunAt());
    }
}
