package io.labfleet.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Issues signed OIDC access tokens for the tests: an RSA key pair is made when the test resource starts
 * (no key is committed) and the service is configured to verify tokens with its public half. Tokens are
 * shaped like Keycloak's: roles in {@code realm_access.roles}, tenant in the {@code tenant} claim.
 */
public class Tokens implements QuarkusTestResourceLifecycleManager {

    public static final String ISSUER = "https://issuer.labfleet.test/realms/labfleet";
    /** The audience the service requires: its own client id. */
    public static final String AUDIENCE = "labfleet-api";
    private static KeyPair keys;

    @Override
    public Map<String, String> start() {
        keys = newKeyPair();
        return Map.of(
                "quarkus.oidc.public-key", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()),
                "quarkus.oidc.token.issuer", ISSUER,
                "quarkus.oidc.auth-server-url", "");
    }

    @Override
    public void stop() {
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String learner(String tenant, String subject) {
        return token(tenant, subject, "learner");
    }

    public static String instructor(String tenant, String subject) {
        return token(tenant, subject, "instructor");
    }

    public static String admin(String subject) {
        return token(null, subject, "admin");
    }

    public static String token(String tenant, String subject, String... roles) {
        return sign(keys.getPrivate(), claims(tenant, subject, Instant.now().plusSeconds(600), roles));
    }

    /**
     * A learner's token whose {@code tenant} and {@code sub} claims are the given raw JSON values (a list, a
     * number, a string with escapes), as a misconfigured or hostile issuer could sign them.
     */
    public static String withRawClaims(String tenantJson, String subjectJson) {
        String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":" + subjectJson
                + ",\"tenant\":" + tenantJson + ",\"iat\":" + Instant.now().minusSeconds(60).getEpochSecond()
                + ",\"exp\":" + Instant.now().plusSeconds(600).getEpochSecond()
                + ",\"realm_access\":{\"roles\":[\"learner\"]}}";
        return sign(keys.getPrivate(), claims);
    }

    /** A valid token that expires at this second ({@code exp}). */
    public static String expiringAt(Instant expiry, String tenant, String subject, String... roles) {
        return sign(keys.getPrivate(), claims(tenant, subject, expiry, roles));
    }

    public static String expired(String tenant, String subject, String... roles) {
        return sign(keys.getPrivate(), claims(tenant, subject, Instant.now().minusSeconds(600), roles));
    }

    /** A token of a trusted issuer that names its user only by {@code preferred_username}, with no {@code sub}. */
    public static String withoutSubject(String tenant, String username, String... roles) {
        return sign(keys.getPrivate(), claims(tenant, username, Instant.now().plusSeconds(600), roles)
                .replace("\"sub\":\"" + username + "\",", ""));
    }

    /** A well-formed token signed by a key the service does not trust. */
    public static String signedByStranger(String tenant, String subject, String... roles) {
        return sign(newKeyPair().getPrivate(), claims(tenant, subject, Instant.now().plusSeconds(600), roles));
    }

    private static String claims(String tenant, String subject, Instant expiry, String... roles) {
        StringBuilder json = new StringBuilder("{")
                .append("\"iss\":\"").append(ISSUER).append("\",")
                .append("\"aud\":\"").append(AUDIENCE).append("\",")
                .append("\"sub\":\"").append(subject).append("\",")
                .append("\"preferred_username\":\"").append(subject).append("\",")
                .append("\"iat\":").append(expiry.minusSeconds(1200).getEpochSecond()).append(',')
                .append("\"exp\":").append(expiry.getEpochSecond()).append(',');
        if (tenant != null) {
            json.append("\"tenant\":\"").append(tenant).append("\",");
        }
        json.append("\"realm_access\":{\"roles\":[")
                .append(List.of(roles).stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(",")))
                .append("]}}");
        return json.toString();
    }

    private static String sign(PrivateKey key, String claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + base64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
