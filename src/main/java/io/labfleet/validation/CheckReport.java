package io.labfleet.validation;

import io.labfleet.validation.check.CheckOutcome;

/** One check's outcome within a run, with its place in the lab and how long it took. */
public record CheckReport(int position, String checkId, CheckOutcome outcome, long durationMs) {
}
