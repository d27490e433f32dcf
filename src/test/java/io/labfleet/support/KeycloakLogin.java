package io.labfleet.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Logs the realm's demo users in to the test Keycloak ({@link KeycloakServer}) over HTTP, the way clients
 * do: the password grant of a test client, or the authorization-code flow with PKCE that the console runs
 * in a browser (login form, redirect with a code, code exchange). Demo passwords are {@code demo-<user>}.
 */
public final class KeycloakLogin {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private KeycloakLogin() {
    }

    public static String demoPassword(String user) {
        return "demo-" + user;
    }

    /** An access token for a demo user of the labfleet realm, from the test client's password grant. */
    public static String accessToken(String user) {
        return passwordGrant(KeycloakServer.REALM, KeycloakServer.TEST_CLIENT, user).path("access_token").asText();
    }

    /** The token endpoint's answer to a password grant; fails unless Keycloak grants it. */
    public static JsonNode passwordGrant(String realm, String clientId, String user) {
        HttpResponse<String> answer = post(KeycloakServer.realmUrl(realm) + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", clientId, "username", user, "password", demoPassword(user),
                "scope", "openid"), Map.of());
        return json(answer, "password grant for " + user + " at client " + clientId + " of realm " + realm);
    }

    /** The location the browser is sent back to at the end of a login, and the PKCE verifier it needs. */
    public record Redirect(URI location, String codeVerifier) {

        public String parameter(String name) {
            return query(location).get(name);
        }
    }

    /**
     * Runs the browser's part of the authorization-code flow with PKCE (S256): opens the authorization
     * endpoint, submits the login form, and returns where Keycloak redirects to, which carries the code.
     */
    public static Redirect authorize(String authorizationUrl, String clientId, String redirectUri, String user) {
        String verifier = randomUrlSafe();
        String query = form(Map.of("client_id", clientId, "response_type", "code", "scope", "openid",
                "redirect_uri", redirectUri, "state", randomUrlSafe(), "code_challenge", challenge(verifier),
                "code_challenge_method", "S256"));
        Map<String, String> cookies = new LinkedHashMap<>();
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(authorizationUrl + "?" + query)).GET(), cookies);
        Matcher form = LOGIN_FORM.matcher(page.body());
        if (page.statusCode() != 200 || !form.find()) {
            throw new AssertionError("No login form at " + authorizationUrl + " (HTTP " + page.statusCode() + "): " + page.body());
        }
        String action = form.group(1).replace("&amp;", "&");
        HttpResponse<String> submitted = send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", user, "password", demoPassword(user))))),
                cookies);
        if (submitted.statusCode() != 302) {
            throw new AssertionError("Login of " + user + " was not accepted (HTTP " + submitted.statusCode() + "): " + submitted.body());
        }
        return new Redirect(URI.create(submitted.headers().firstValue("Location").orElseThrow()), verifier);
    }

    /** Exchanges the code of a finished login at the token endpoint, as the console does. */
    public static JsonNode exchangeCode(String tokenUrl, String clientId, String redirectUri, Redirect redirect) {
        HttpResponse<String> answer = post(tokenUrl, Map.of("grant_type", "authorization_code", "client_id", clientId,
                "code", redirect.parameter("code"), "redirect_uri", redirectUri, "code_verifier", redirect.codeVerifier()),
                Map.of());
        return json(answer, "code exchange at " + tokenUrl);
    }

    /** What the token's payload says (no verification: that is the service's job). */
    public static JsonNode claims(String token) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a JWT: " + token, e);
        }
    }

    public static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), new LinkedHashMap<>());
    }

    private static HttpResponse<String> post(String url, Map<String, String> form, Map<String, String> cookies) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))), new LinkedHashMap<>(cookies));
    }

    /**
     * Sends with the session's cookies and keeps the ones set. Keycloak marks its cookies Secure, which a
     * browser honours on http://localhost but java.net's cookie store does not, hence this small jar.
     */
    public static HttpResponse<String> send(HttpRequest.Builder request, Map<String, String> cookies) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                    .collect(Collectors.joining("; ")));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("Set-Cookie").forEach(header -> {
                String pair = header.split(";", 2)[0];
                int equals = pair.indexOf('=');
                cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            });
            return response;
        } catch (IOException e) {
            throw new AssertionError("Keycloak did not answer " + request.build().uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(HttpResponse<String> answer, String what) {
        if (answer.statusCode() != 200) {
            throw new AssertionError(what + " failed with HTTP " + answer.statusCode() + ": " + answer.body());
        }
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError(what + " answered something that is not JSON: " + answer.body(), e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] parts = pair.split("=", 2);
                parameters.put(java.net.URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return parameters;
    }

    private static String randomUrlSafe() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
