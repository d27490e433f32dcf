package io.labfleet.validation.check;

/** How a helper container ended: its exit code and what it printed (stdout and stderr), cut to a few KiB. */
public record HelperResult(int exitCode, String output, boolean timedOut) {
}
