package io.labfleet.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Writes an {@link Instant} as the text {@link DateTimeFormatter#ISO_INSTANT} gives, which is what
 * jackson-datatype-jsr310 writes when dates are not timestamps ({@code 2026-12-04T16:25:07.123456Z}), with the
 * digits put straight into a char array. Why: a listing page of 20 sandboxes carries up to 100 instants, and in a
 * profile of the instructor's poll their formatting was 15 % of the request (the formatter builds a
 * {@code LocalDateTime}, a {@code StringBuilder} and a {@code String} per instant).
 *
 * <p>Years 0000 to 9999 take this path; others (signed, five digits), a mapper that writes dates as timestamps and a
 * property or type with a {@link JsonFormat} of its own are left to jsr310's own serializer, so the text never
 * differs from it.
 */
final class IsoInstantSerializer extends StdSerializer<Instant> implements ContextualSerializer {

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants whose year has four digits and no sign. */
    static final long FIRST_SECOND = -62_167_219_200L;
    static final long LAST_SECOND = 253_402_300_799L;

    /** yyyy-mm-ddThh:mm:ss.nnnnnnnnnZ */
    private static final int MAX_LENGTH = 30;

    IsoInstantSerializer() {
        super(Instant.class);
    }

    @Override
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) throws JsonMappingException {
        JsonFormat.Value format = findFormatOverrides(provider, property, handledType());
        return format.equals(JsonFormat.Value.empty()) ? this : InstantSerializer.INSTANCE.createContextual(provider, property);
    }

    @Override
    public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        long seconds = value.getEpochSecond();
        if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS) || seconds < FIRST_SECOND || seconds > LAST_SECOND) {
            InstantSerializer.INSTANCE.serialize(value, generator, provider);
            return;
        }
        char[] text = new char[MAX_LENGTH];
        generator.writeString(text, 0, write(seconds, value.getNano(), text));
    }

    /**
     * Writes the instant into {@code text} and returns its length. The fraction has as many groups of three digits
     * as it needs (none when it is zero), as ISO_INSTANT prints it.
     */
    private static int write(long seconds, int nanos, char[] text) {
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        int at = digits(date.getYear(), 4, text, 0);
        text[at++] = '-';
        at = digits(date.getMonthValue(), 2, text, at);
        text[at++] = '-';
        at = digits(date.getDayOfMonth(), 2, text, at);
        text[at++] = 'T';
        at = digits(secondOfDay / 3600, 2, text, at);
        text[at++] = ':';
        at = digits(secondOfDay / 60 % 60, 2, text, at);
        text[at++] = ':';
        at = digits(secondOfDay % 60, 2, text, at);
        if (nanos != 0) {
            text[at++] = '.';
            if (nanos % 1_000_000 == 0) {
                at = digits(nanos / 1_000_000, 3, text, at);
            } else if (nanos % 1000 == 0) {
                at = digits(nanos / 1000, 6, text, at);
            } else {
                at = digits(nanos, 9, text, at);
            }
        }
        text[at++] = 'Z';
        return at;
    }

    /** Writes {@code value} (not negative) in {@code width} decimal digits, zero-padded, at {@code at}. */
    private static int digits(int value, int width, char[] text, int at) {
        int rest = value;
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        return at + width;
    }
}
