package io.labfleet.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** The one HTTP client of the CLI, and the plumbing every caller shares (forms, transport failures). */
final class Http {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Http() {
    }

    static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, String whom) {
        try {
            return CLIENT.send(request, body);
        } catch (IOException e) {
            String why = e instanceof java.net.ConnectException ? "nothing answers there"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new CliException(ExitCode.SERVICE, "Cannot reach " + whom + " at " + origin(request.uri()) + ": " + why + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.SERVICE, "Interrupted", e);
        }
    }

    /** An {@code application/x-www-form-urlencoded} POST, as OAuth 2.0 endpoints take them. */
    static HttpResponse<String> postForm(String url, Map<String, String> fields, String whom) {
        String form = fields.entrySet().stream()
                .map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(url)).timeout(TIMEOUT).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString(), whom);
    }

    static URI uri(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) address");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "'" + url + "' is not an address like https://labs.example.org: " + e.getMessage());
        }
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
