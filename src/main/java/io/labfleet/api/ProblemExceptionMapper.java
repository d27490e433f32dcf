package io.labfleet.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.labfleet.lab.UnknownLabException;
import io.labfleet.provisioner.BackendUnavailableException;
import io.labfleet.provisioner.CapabilityNotSupportedException;
import io.labfleet.sandbox.IllegalStateTransitionException;
import io.labfleet.sandbox.SandboxNotFoundException;
import io.labfleet.security.InvalidClaimException;
import io.labfleet.security.InvalidSshKeyException;
import io.labfleet.security.MissingTenantException;
import io.labfleet.security.SshKeyConflictException;
import io.labfleet.security.SshKeyNotFoundException;
import io.labfleet.tenant.QuotaExceededException;
import io.labfleet.tenant.TenantNotFoundException;
import io.labfleet.tenant.TenantNotRegisteredException;
import io.labfleet.validation.SandboxNotValidatableException;
import io.labfleet.validation.ValidationInProgressException;
import io.labfleet.validation.ValidationRunNotFoundException;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The one place errors become answers: a table from exception type to status and problem type, every
 * answer an RFC 9457 {@code application/problem+json}. Anything not in the table is a bug on our side:
 * logged with its stack, answered 500 without internals. It is registered for the exception types that
 * Quarkus would otherwise answer in its own formats, so that every error looks the same to clients.
 */
public class ProblemExceptionMapper {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class);

    private record Kind(int status, String slug, String title, boolean showMessage) {
    }

    private static final Map<Class<? extends Throwable>, Kind> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put(UnrecognizedPropertyException.class, new Kind(400, "unknown-field", "Unknown field", true));
        TABLE.put(InvalidFormatException.class, new Kind(400, "invalid-value", "Invalid value", true));
        TABLE.put(MismatchedInputException.class, new Kind(400, "invalid-value", "Invalid value", true));
        TABLE.put(JsonProcessingException.class, new Kind(400, "malformed-json", "Malformed JSON", false));
        TABLE.put(ConstraintViolationException.class, new Kind(400, "invalid-request", "Invalid request", false));
        TABLE.put(ControlCharacterFilter.ControlCharacterException.class,
                new Kind(400, "control-characters", "Control characters in the request", true));
        TABLE.put(UnknownLabException.class, new Kind(400, "unknown-lab", "Unknown lab", true));
        TABLE.put(InvalidSshKeyException.class, new Kind(400, "invalid-ssh-key", "Invalid SSH public key", true));
        TABLE.put(AuthenticationFailedException.class, new Kind(401, "unauthenticated", "Authentication required", false));
        TABLE.put(UnauthorizedException.class, new Kind(401, "unauthenticated", "Authentication required", false));
        TABLE.put(ForbiddenException.class, new Kind(403, "forbidden", "Forbidden", false));
        TABLE.put(MissingTenantException.class, new Kind(403, "no-tenant", "No tenant", true));
        TABLE.put(InvalidClaimException.class, new Kind(403, "invalid-claim", "Invalid token claim", true));
        TABLE.put(TenantNotRegisteredException.class, new Kind(403, "tenant-not-registered", "Tenant not registered", true));
        TABLE.put(SandboxNotFoundException.class, new Kind(404, "sandbox-not-found", "Sandbox not found", true));
        TABLE.put(SshKeyNotFoundException.class, new Kind(404, "ssh-key-not-found", "SSH key not found", true));
        TABLE.put(TenantNotFoundException.class, new Kind(404, "tenant-not-found", "Tenant not found", true));
        TABLE.put(ValidationRunNotFoundException.class, new Kind(404, "validation-run-not-found", "Validation run not found", true));
        TABLE.put(IllegalStateTransitionException.class, new Kind(409, "invalid-state", "Not possible in this state", true));
        TABLE.put(SshKeyConflictException.class, new Kind(409, "ssh-key-conflict", "SSH key conflict", true));
        TABLE.put(CapabilityNotSupportedException.class, new Kind(409, "not-supported-by-backend", "Not supported by this backend", true));
        TABLE.put(SandboxNotValidatableException.class, new Kind(409, "sandbox-not-ready", "Sandbox not ready", true));
        TABLE.put(WebSocketRequiredException.class, new Kind(426, "websocket-required", "WebSocket required", true));
        TABLE.put(ValidationInProgressException.class, new Kind(409, "validation-in-progress", "Validation under way", true));
        TABLE.put(QuotaExceededException.class, new Kind(429, "quota-exceeded", "Quota exceeded", true));
        TABLE.put(TooManyEventStreamsException.class, new Kind(429, "too-many-event-streams", "Too many event streams", true));
        TABLE.put(BackendUnavailableException.class, new Kind(503, "backend-unavailable", "Backend unavailable", true));
        TABLE.put(OIDCException.class, new Kind(503, "identity-provider-unavailable", "Identity provider unavailable", false));
    }

    private static final Map<Class<? extends Throwable>, Function<Throwable, Map<String, Object>>> EXTENSIONS = Map.of(
            QuotaExceededException.class, e -> {
                QuotaExceededException quota = (QuotaExceededException) e;
                return Map.of("quota", quota.quota(), "limit", quota.limit(), "current", quota.current());
            },
            ValidationInProgressException.class, e -> Map.of("runId", ((ValidationInProgressException) e).runId()),
            ConstraintViolationException.class, e -> Map.of("violations",
                    ((ConstraintViolationException) e).getConstraintViolations().stream()
                            .map(ProblemExceptionMapper::violation).sorted().toList()));

    @ServerExceptionMapper({Throwable.class, WebApplicationException.class, ConstraintViolationException.class,
            JsonProcessingException.class, JsonParseException.class, MismatchedInputException.class,
            InvalidFormatException.class, UnrecognizedPropertyException.class, UnauthorizedException.class,
            AuthenticationFailedException.class, ForbiddenException.class, OIDCException.class})
    public Response toResponse(Throwable exception, UriInfo uriInfo) {
        String path = uriInfo == null ? null : uriInfo.getPath();
        Throwable cause = unwrap(exception);
        Kind kind = kindOf(cause);
        if (kind != null) {
            String detail = kind.showMessage() ? cause.getMessage() : defaultDetail(kind, cause);
            return answer(path, kind.status(), kind.slug(), kind.title(), detail, extensionsOf(cause));
        }
        if (cause instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            Response.Status known = Response.Status.fromStatusCode(status);
            String title = known != null ? known.getReasonPhrase() : "Client error";
            return answer(path, status, title.toLowerCase().replace(' ', '-'), title, web.getMessage(), Map.of());
        }
        LOG.error("Unexpected error answering " + path, exception);
        return answer(path, 500, "internal-error", "Internal error",
                "Something went wrong on our side; it was logged. Try again, and tell us if it persists.", Map.of());
    }

    /** The first exception in the cause chain that the table knows, else the first web one, else the original. */
    private static Throwable unwrap(Throwable exception) {
        Throwable web = null;
        for (Throwable current = exception; current != null; current = current.getCause()) {
            if (kindOf(current) != null) {
                return current;
            }
            if (web == null && current instanceof WebApplicationException) {
                web = current;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return web != null ? web : exception;
    }

    private static Kind kindOf(Throwable exception) {
        for (Map.Entry<Class<? extends Throwable>, Kind> entry : TABLE.entrySet()) {
            if (entry.getKey().isInstance(exception)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static Map<String, Object> extensionsOf(Throwable exception) {
        return EXTENSIONS.entrySet().stream().filter(e -> e.getKey().isInstance(exception)).findFirst()
                .map(e -> e.getValue().apply(exception)).orElse(Map.of());
    }

    private static String defaultDetail(Kind kind, Throwable cause) {
        return switch (kind.slug()) {
            case "malformed-json" -> "The request body is not valid JSON"
                    + (cause instanceof JsonProcessingException json && json.getLocation() != null
                    ? " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")."
                    : ".");
            case "invalid-request" -> "Some fields are invalid; see 'violations'.";
            case "unauthenticated" -> "Send a valid bearer token (Authorization: Bearer ...).";
            case "forbidden" -> "Your roles do not allow this operation.";
            case "identity-provider-unavailable" -> "Your token cannot be verified now: the identity provider does not "
                    + "answer. Nothing was done; try again in a moment.";
            default -> kind.title();
        };
    }

    private static String violation(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        return path.substring(path.lastIndexOf('.') + 1) + ": " + violation.getMessage();
    }

    private static Response answer(String path, int status, String slug, String title, String detail,
                                   Map<String, Object> extensions) {
        Problem problem = new Problem(Problem.TYPE_BASE + slug, title, status, detail, path, extensions);
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
        if (status == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        return response.build();
    }
}
