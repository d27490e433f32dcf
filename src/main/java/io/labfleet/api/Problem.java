package io.labfleet.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/** An RFC 9457 problem detail, the body of every error answer ({@code application/problem+json}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem detail returned for every error")
public record Problem(
        @Schema(description = "URI naming the kind of problem", example = "https://labfleet.io/problems/quota-exceeded")
        String type,
        @Schema(description = "Short summary of the kind of problem", example = "Quota exceeded")
        String title,
        @Schema(description = "HTTP status", example = "429")
        int status,
        @Schema(description = "What went wrong this time, and what to do about it")
        String detail,
        @Schema(description = "The request path")
        String instance,
        @Schema(hidden = true)
        Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://labfleet.io/problems/";

    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return extensions == null ? Map.of() : extensions;
    }

    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Map<String, Object> extensions() {
        return extensions;
    }
}
