package io.labfleet.api;

import jakarta.ws.rs.BadRequestException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/** Parses optional query parameters; a value that does not parse is a 400 that says what would. */
final class QueryParams {

    private QueryParams() {
    }

    /** The constant named {@code value} (any case), or null when absent. */
    static <E extends Enum<E>> E enumValue(Class<E> type, String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(name + " '" + value + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()) + ".");
        }
    }

    /** The ISO-8601 instant, or null when absent. */
    static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(name + " '" + value + "' is not an ISO-8601 instant such as 2026-11-28T09:00:00Z.");
        }
    }
}
