package io.labfleet.validation.check;

import io.labfleet.lab.Text;

import java.util.Optional;
import java.util.function.BiFunction;

/**
 * One thing a check expects of an object (a container, an image, a network, a volume): how to say it, and what
 * differs when the object does not meet it.
 *
 * @param expected how to say what is expected, e.g. "mémoire 128 Mio"
 * @param mismatch what differs, e.g. "mémoire 256 Mio (attendu 128 Mio)"; empty when met
 */
public record Expectation<T>(Text expected, BiFunction<T, Evidence, Optional<Text>> mismatch) {

    public Optional<Text> mismatchOf(T object, Evidence evidence) {
        return mismatch.apply(object, evidence);
    }
}
