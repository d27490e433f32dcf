package io.labfleet.api;

import io.labfleet.lab.UnknownLabException;
import jakarta.ws.rs.NotFoundException;

import java.util.function.Supplier;

/**
 * A lab named in the path ({@code /api/v1/labs/{labId}}, {@code /api/v1/pools/{labId}}): one the catalogue does not
 * have is a missing resource (404, with the catalogue's message), where one named in a request's body is a bad
 * request (400 {@code unknown-lab}).
 */
final class LabInPath {

    private LabInPath() {
    }

    /** What {@code lookup} finds for the lab; a 404 when it throws {@link UnknownLabException}. */
    static <T> T require(Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (UnknownLabException e) {
            throw new NotFoundException(e.getMessage());
        }
    }
}
