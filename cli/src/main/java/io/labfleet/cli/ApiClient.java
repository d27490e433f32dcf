package io.labfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The Labfleet API ({@code /api/v1}) as the logged-in learner. A refusal becomes one line from the answer's
 * problem+json {@code detail}: 401 {@link ExitCode#LOGIN}, other 4xx {@link ExitCode#REFUSED}, 5xx and anything
 * unexpected {@link ExitCode#SERVICE}.
 */
final class ApiClient {

    private final String baseUrl;
    private final Session session;
    private final Locale language;

    ApiClient(Session session, Locale language) {
        this(session.url(), session, language);
    }

    private ApiClient(String baseUrl, Session session, Locale language) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.session = session;
        this.language = language;
    }

    /** Before logging in: the service's public endpoints only. */
    static ApiClient anonymous(String baseUrl) {
        return new ApiClient(baseUrl, null, Locale.FRENCH);
    }

    JsonNode get(String path) {
        return json(send(request(path).GET()));
    }

    JsonNode post(String path, Object body) {
        return json(send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "{}" : Json.write(body)))));
    }

    JsonNode put(String path, Object body) {
        return json(send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(body)))));
    }

    void delete(String path) {
        send(request(path).DELETE());
    }

    byte[] download(String path) {
        HttpResponse<byte[]> answer = sendOnce(request(path).setHeader("Accept", "*/*").GET(),
                HttpResponse.BodyHandlers.ofByteArray(), true);
        if (answer.statusCode() >= 300) {
            throw refusal(answer.statusCode(), new String(answer.body(), StandardCharsets.UTF_8));
        }
        return answer.body();
    }

    /**
     * Reads a server-sent event stream and hands each event's data (JSON) to {@code onEvent} until it returns
     * false or the service ends the stream. Returns whether {@code onEvent} asked to stop.
     */
    boolean events(String path, Predicate<JsonNode> onEvent) {
        HttpRequest.Builder request = request(path).timeout(java.time.Duration.ofMinutes(10))
                .header("Accept", "text/event-stream").GET();
        HttpResponse<Stream<String>> answer = sendOnce(request, HttpResponse.BodyHandlers.ofLines(), true);
        if (answer.statusCode() >= 300) {
            throw refusal(answer.statusCode(), String.join("\n", answer.body().toList()));
        }
        try (Stream<String> lines = answer.body()) {
            StringBuilder data = new StringBuilder();
            Iterator<String> iterator = lines.iterator();
            while (iterator.hasNext()) {
                String line = iterator.next();
                if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
                } else if (line.isEmpty() && !data.isEmpty()) {
                    JsonNode event = Json.parse(data.toString(), "The event stream");
                    data.setLength(0);
                    if (!onEvent.test(event)) {
                        return true;
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw new CliException(ExitCode.SERVICE, "The event stream broke off: " + e.getCause().getMessage(), e);
        }
        return false;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(Http.uri(baseUrl + path)).timeout(Http.TIMEOUT)
                .header("Accept", "application/json, application/problem+json")
                .header("Accept-Language", language.getLanguage())
                .header("User-Agent", "labfleet-cli/" + Labfleet.version());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpResponse<String> answer = sendOnce(request, HttpResponse.BodyHandlers.ofString(), true);
        if (answer.statusCode() >= 300) {
            throw refusal(answer.statusCode(), answer.body());
        }
        return answer;
    }

    /** Sends with the login; a refused token is renewed once and the request sent again. */
    private <T> HttpResponse<T> sendOnce(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body, boolean mayRetry) {
        if (session != null) {
            request.setHeader("Authorization", session.authorization());
        }
        HttpResponse<T> answer = Http.send(request.build(), body, "Labfleet");
        if (answer.statusCode() == 401 && mayRetry && session != null && session.refreshAfterRefusal()) {
            discard(answer);
            return sendOnce(request, body, false);
        }
        return answer;
    }

    private static void discard(HttpResponse<?> answer) {
        if (answer.body() instanceof InputStream stream) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // Nothing more to read from a refused answer.
            }
        } else if (answer.body() instanceof Stream<?> stream) {
            stream.close();
        }
    }

    private static JsonNode json(HttpResponse<String> answer) {
        String body = answer.body();
        return body == null || body.isBlank() ? Json.MAPPER.nullNode() : Json.parse(body, "Labfleet");
    }

    /** One line from the problem's detail (or title), and the exit code its status calls for. */
    static CliException refusal(int status, String body) {
        String detail = null;
        try {
            JsonNode problem = Json.MAPPER.readTree(body == null ? "" : body);
            if (problem != null) {
                detail = problem.path("detail").asText(problem.path("title").asText(null));
            }
        } catch (IOException notJson) {
            detail = null;
        }
        if (detail == null || detail.isBlank()) {
            detail = "Labfleet answered HTTP " + status + (body == null || body.isBlank() ? "" : ": " + Json.abbreviate(body));
        }
        detail = detail.replaceAll("\\s*\\R\\s*", " ");
        if (status == 401) {
            return new CliException(ExitCode.LOGIN, detail + " Run labfleet login.");
        }
        return new CliException(status >= 400 && status < 500 ? ExitCode.REFUSED : ExitCode.SERVICE, detail);
    }
}
