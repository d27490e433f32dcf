package io.labfleet.validation.check;

import java.time.Duration;
import java.util.List;

/**
 * A short-lived container the engine runs inside the sandbox: its image, the network mode it joins
 * ({@code none}, a network name, or {@code container:<id>}) and its command.
 */
public record HelperRun(String image, String networkMode, List<String> command, Duration timeout) {

    public HelperRun {
        command = List.copyOf(command);
    }
}
