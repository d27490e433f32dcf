package io.labfleet.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Refuses a path or query that carries control characters (a NUL byte in a sandbox id, a line feed in a
 * filter): no id, name or filter of the API has them, and the database refuses some of them outright.
 */
public class ControlCharacterFilter {

    @ServerRequestFilter(preMatching = true)
    public void refuseControlCharacters(ContainerRequestContext request, HttpServerRequest http) {
        String raw = http.uri();
        if (raw.indexOf('%') < 0 && !hasControlCharacter(raw)) {
            return; // only a percent-escape decodes to a control character: no need to decode path and query
        }
        String path = request.getUriInfo().getPath();
        if (hasControlCharacter(path)) {
            throw new ControlCharacterException("path");
        }
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (hasControlCharacter(parameter.getKey())
                    || parameter.getValue().stream().anyMatch(ControlCharacterFilter::hasControlCharacter)) {
                throw new ControlCharacterException("query parameter '" + printable(parameter.getKey()) + "'");
            }
        }
    }

    private static boolean hasControlCharacter(String text) {
        return text != null && text.chars().anyMatch(Character::isISOControl);
    }

    private static String printable(String text) {
        return text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** A request whose path or query carries control characters. */
    static final class ControlCharacterException extends RuntimeException {

        ControlCharacterException(String where) {
            super("The request's " + where + " contains control characters (such as a NUL byte); no id, name or"
                    + " filter of this API has any.");
        }
    }
}
