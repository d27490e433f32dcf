package io.labfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * The OAuth 2.0 device authorization grant (RFC 8628) against the service's identity provider: the learner opens
 * an address in any browser, checks the code, logs in there; meanwhile this polls the token endpoint.
 */
final class DeviceLogin {

    private static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private final Terminal terminal;
    private final Clock clock;

    DeviceLogin(Terminal terminal, Clock clock) {
        this.terminal = terminal;
        this.clock = clock;
    }

    ConfigStore.Credentials run(String serviceUrl, String issuer, String clientId) {
        JsonNode discovery = Json.parse(Http.send(HttpRequest.newBuilder(Http.uri(issuer.replaceAll("/+$", "")
                        + "/.well-known/openid-configuration")).timeout(Http.TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString(), "the login service").body(), "The login service");
        String deviceEndpoint = discovery.path("device_authorization_endpoint").asText(null);
        String tokenEndpoint = discovery.path("token_endpoint").asText(null);
        if (deviceEndpoint == null || tokenEndpoint == null) {
            throw new CliException(ExitCode.SERVICE, "The login service at " + issuer + " offers no device login.");
        }
        HttpResponse<String> started = Http.postForm(deviceEndpoint, Map.of("client_id", clientId, "scope", "openid"),
                "the login service");
        JsonNode code = Json.parse(started.body(), "The login service");
        if (started.statusCode() != 200) {
            throw new CliException(ExitCode.SERVICE, "The login service refused to start a device login: "
                    + code.path("error_description").asText(code.path("error").asText(Json.abbreviate(started.body()))));
        }
        String userCode = code.path("user_code").asText();
        String complete = code.path("verification_uri_complete").asText(null);
        terminal.out().println("To log in, open this address in your browser (on any device):");
        terminal.out().println("  " + (complete != null ? complete : code.path("verification_uri").asText()));
        terminal.out().println(complete != null ? "and check that it shows the code " + userCode + "."
                : "and enter the code " + userCode + ".");
        long expiresIn = code.path("expires_in").asLong(600);
        terminal.out().println("Waiting for you to log in (the code is valid for " + Math.max(1, expiresIn / 60) + " minutes)…");
        JsonNode tokens = poll(tokenEndpoint, clientId, code.path("device_code").asText(),
                Duration.ofSeconds(code.path("interval").asLong(5)), clock.instant().plusSeconds(expiresIn));
        ConfigStore.Credentials empty = new ConfigStore.Credentials(serviceUrl, ConfigStore.Credentials.OIDC,
                username(tokens.path("access_token").asText()), null, null, 0, tokenEndpoint, clientId, null);
        return Session.withTokens(empty, tokens, clock);
    }

    private JsonNode poll(String tokenEndpoint, String clientId, String deviceCode, Duration interval,
                          java.time.Instant deadline) {
        Duration wait = interval;
        while (clock.instant().isBefore(deadline)) {
            sleep(wait);
            HttpResponse<String> answer = Http.postForm(tokenEndpoint, Map.of("grant_type", GRANT, "client_id", clientId,
                    "device_code", deviceCode), "the login service");
            JsonNode body = Json.parse(answer.body(), "The login service");
            if (answer.statusCode() == 200) {
                return body;
            }
            switch (body.path("error").asText()) {
                case "authorization_pending" -> { }
                case "slow_down" -> wait = wait.plusSeconds(5);
                case "access_denied" -> throw new CliException(ExitCode.LOGIN, "The login was denied in the browser.");
                case "expired_token" -> throw expired();
                default -> throw new CliException(ExitCode.LOGIN, "The login service refused the login: "
                        + body.path("error_description").asText(body.path("error").asText(Json.abbreviate(answer.body()))));
            }
        }
        throw expired();
    }

    private static CliException expired() {
        return new CliException(ExitCode.LOGIN, "The code expired before the login was done: run labfleet login again.");
    }

    /** Who logged in, from the token's payload (the service verifies the token; this only names the user). */
    static String username(String accessToken) {
        try {
            JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
            return claims.path("preferred_username").asText(claims.path("sub").asText("?"));
        } catch (Exception e) {
            return "?";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.LOGIN, "Login interrupted.");
        }
    }
}
