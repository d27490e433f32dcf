package io.labfleet.validation.check;

import java.time.Duration;
import java.time.Instant;

/**
 * What checks know besides the daemon: when the sandbox became ready, and the image and time limit of the probes
 * the engine runs inside it.
 */
public record CheckContext(Instant sandboxReadyAt, String helperImage, Duration probeTimeout) {
}
