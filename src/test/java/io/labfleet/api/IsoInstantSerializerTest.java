package io.labfleet.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IsoInstantSerializerTest {

    /** Fractions as the database gives them (microseconds), as a clock gives them, and the ones ISO_INSTANT groups. */
    private static final int[] NANOS = {0, 1, 999_999_999, 1_000, 999_000, 1_000_000, 120_000_000, 123_456_000,
            123_456_789, 100, 500_000_001};

    @Test
    void writesTheTextOfIsoInstantAndWhatJsr310WritesForEveryInstant() throws Exception {
        ObjectMapper jsr310 = jsr310();
        ObjectMapper ours = customized(jsr310.copy());
        List<Instant> values = new ArrayList<>(instants());
        values.addAll(List.of(Instant.MIN, Instant.MAX, Instant.ofEpochSecond(IsoInstantSerializer.FIRST_SECOND - 1),
                Instant.ofEpochSecond(IsoInstantSerializer.LAST_SECOND + 1, 5)));
        for (Instant instant : values) {
            Map<String, Instant> document = Map.of("createdAt", instant);
            String written = ours.writeValueAsString(document);
            assertThat(written).as("epoch second %d, nano %d", instant.getEpochSecond(), instant.getNano())
                    .isEqualTo("{\"createdAt\":\"" + DateTimeFormatter.ISO_INSTANT.format(instant) + "\"}")
                    .isEqualTo(jsr310.writeValueAsString(document));
        }
        assertThat(ours.writeValueAsString(Instant.parse("2026-12-04T16:25:07.123456Z")))
                .isEqualTo("\"2026-12-04T16:25:07.123456Z\"");
    }

    @Test
    void aMapperThatWritesTimestampsStillGetsTimestamps() throws Exception {
        ObjectMapper timestamps = customized(new ObjectMapper().registerModule(new JavaTimeModule()))
                .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

        assertThat(timestamps.writeValueAsString(Instant.ofEpochSecond(1_700_000_000L, 120_000_000)))
                .isEqualTo("1700000000.120000000");
    }

    /** A property that asks for a format of its own. */
    record Stamped(@JsonFormat(shape = JsonFormat.Shape.NUMBER_INT) Instant at,
                   @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd", timezone = "UTC") Instant day,
                   Instant plain) {
    }

    @Test
    void aPropertyWithAFormatOfItsOwnIsLeftToJsr310AndThePlainOneIsOurs() throws Exception {
        ObjectMapper jsr310 = jsr310();
        Instant instant = Instant.parse("2026-12-04T16:25:07.123456Z");
        Stamped stamped = new Stamped(instant, instant, instant);
        ObjectMapper ours = customized(jsr310.copy());

        var properties = new HashMap<String, Object>();
        ((BeanSerializer) ours.getSerializerProviderInstance().findValueSerializer(Stamped.class)).properties()
                .forEachRemaining(property -> properties.put(property.getName(), ((BeanPropertyWriter) property).getSerializer()));
        assertThat(properties.get("plain")).isInstanceOf(IsoInstantSerializer.class);
        assertThat(properties.get("at")).isNotInstanceOf(IsoInstantSerializer.class);
        assertThat(properties.get("day")).isNotInstanceOf(IsoInstantSerializer.class);
        assertThat(ours.writeValueAsString(stamped))
                .isEqualTo(jsr310.writeValueAsString(stamped))
                .isEqualTo("{\"at\":1796401507123,\"day\":\"2026-12-04\",\"plain\":\"2026-12-04T16:25:07.123456Z\"}");
    }

    /** A mapper as Quarkus makes the service's before our customizer: jsr310's module, dates as text. */
    private static ObjectMapper jsr310() {
        return new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    private static ObjectMapper customized(ObjectMapper mapper) {
        new ApiJsonCustomizer().customize(mapper);
        return mapper;
    }

    private static List<Instant> instants() {
        List<Instant> instants = new ArrayList<>();
        long[] seconds = {IsoInstantSerializer.FIRST_SECOND, IsoInstantSerializer.LAST_SECOND, 0, -1, 1, 59, 60, 3599,
                3600, 86_399, 86_400, 951_782_400 /* 2000-02-29 */, -2_203_891_200L /* 1900-03-01 */,
                -62_135_596_800L /* 0001-01-01 */, 1_798_761_599 /* 2026-12-31T23:59:59 */};
        for (long second : seconds) {
            for (int nano : NANOS) {
                instants.add(Instant.ofEpochSecond(second, nano));
            }
        }
        Random random = new Random(20261204);
        for (int i = 0; i < 200_000; i++) {
            long second = IsoInstantSerializer.FIRST_SECOND
                    + Math.floorMod(random.nextLong(), IsoInstantSerializer.LAST_SECOND - IsoInstantSerializer.FIRST_SECOND + 1);
            instants.add(Instant.ofEpochSecond(second, i % 2 == 0 ? NANOS[i % NANOS.length] : random.nextInt(1_000_000_000)));
        }
        return instants;
    }
}
