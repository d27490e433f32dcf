package io.labfleet.api;

import io.labfleet.lab.Lab;
import io.labfleet.lab.Text;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A lab as the catalog shows it; {@code instructions} only when one lab is asked for. */
@Schema(name = "Lab")
public record LabView(
        @Schema(example = "p3-container-lifecycle") String id,
        @Schema(description = "Part of the course (1-10)", example = "3") int part,
        @Schema(description = "Chapter within the part", example = "1") int chapter,
        Text title,
        Text summary,
        @Schema(description = "Expected duration in minutes", example = "20") long durationMinutes,
        @Schema(description = "Images present in the sandbox when it is ready", example = "[\"nginx:latest\"]")
        List<String> images,
        @Schema(description = "What will be checked") List<CheckView> checks,
        @Schema(description = "The learner's files and folders, in the archive of GET /api/v1/labs/{labId}/files "
                + "(empty: the lab has none)", example = "[\"app/\"]") List<String> files,
        @Schema(description = "Instructions in Markdown (French; English when written)") Text instructions) {

    @Schema(name = "LabCheck")
    public record CheckView(String id, Text title) {
    }

    static LabView summary(Lab lab) {
        return of(lab, null);
    }

    static LabView detail(Lab lab) {
        return of(lab, lab.instructions());
    }

    private static LabView of(Lab lab, Text instructions) {
        return new LabView(lab.id(), lab.part(), lab.chapter(), lab.title(), lab.summary(), lab.duration().toMinutes(),
                lab.images(), lab.checks().stream().map(c -> new CheckView(c.id(), c.title())).toList(), lab.files(), instructions);
    }
}
