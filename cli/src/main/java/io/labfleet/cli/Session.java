package io.labfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/**
 * The stored login, as the Authorization header of each request. OIDC access tokens are refreshed with the
 * refresh token shortly before they expire, or once when the service refuses one; a refresh the identity
 * provider refuses means logging in again.
 */
final class Session {

    /** Refresh this long before the access token expires, so it does not expire on its way. */
    private static final long MARGIN_SECONDS = 30;

    private final ConfigStore store;
    private final Clock clock;
    private ConfigStore.Credentials credentials;

    private Session(ConfigStore store, ConfigStore.Credentials credentials, Clock clock) {
        this.store = store;
        this.credentials = credentials;
        this.clock = clock;
    }

    static Session load(ConfigStore store) {
        return of(store, store.credentials().orElseThrow(CliException::notLoggedIn));
    }

    /** A login not stored yet (being tried out); renewed tokens are stored. */
    static Session of(ConfigStore store, ConfigStore.Credentials credentials) {
        return new Session(store, credentials, Clock.systemUTC());
    }

    String url() {
        return credentials.url();
    }

    String user() {
        return credentials.user();
    }

    String authorization() {
        if (ConfigStore.Credentials.DEV.equals(credentials.kind())) {
            return "Basic " + Base64.getEncoder().encodeToString(
                    (credentials.user() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
        }
        if (clock.instant().getEpochSecond() + MARGIN_SECONDS >= credentials.expiresAt()) {
            refresh();
        }
        return "Bearer " + credentials.accessToken();
    }

    /** After the service refused the token: a fresh one, if the login allows it. */
    boolean refreshAfterRefusal() {
        if (!ConfigStore.Credentials.OIDC.equals(credentials.kind()) || credentials.refreshToken() == null) {
            return false;
        }
        refresh();
        return true;
    }

    private void refresh() {
        if (credentials.refreshToken() == null) {
            throw expired();
        }
        HttpResponse<String> answer = Http.postForm(credentials.tokenEndpoint(), Map.of("grant_type", "refresh_token",
                "client_id", credentials.clientId(), "refresh_token", credentials.refreshToken()), "the login service");
        if (answer.statusCode() == 400 || answer.statusCode() == 401) {
            throw expired();
        }
        if (answer.statusCode() != 200) {
            throw new CliException(ExitCode.SERVICE, "The login service failed to renew your login (HTTP "
                    + answer.statusCode() + "): " + Json.abbreviate(answer.body()));
        }
        credentials = withTokens(credentials, Json.parse(answer.body(), "The login service"), clock);
        store.save(credentials);
    }

    /** The credentials with the tokens of a token endpoint's answer. */
    static ConfigStore.Credentials withTokens(ConfigStore.Credentials old, JsonNode tokens, Clock clock) {
        String refresh = tokens.path("refresh_token").asText(null);
        return new ConfigStore.Credentials(old.url(), ConfigStore.Credentials.OIDC, old.user(),
                tokens.path("access_token").asText(), refresh != null ? refresh : old.refreshToken(),
                clock.instant().getEpochSecond() + tokens.path("expires_in").asLong(60), old.tokenEndpoint(),
                old.clientId(), null);
    }

    private static CliException expired() {
        return new CliException(ExitCode.LOGIN, "Your login has expired: run labfleet login.");
    }
}
