package io.labfleet.security;

import io.labfleet.config.LabfleetConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * DEVELOPMENT ONLY: HTTP Basic login against a properties file, so the embedded setup works without an
 * identity provider. {@link DevLoginGuard} stops a production start with it enabled. Bearer tokens go
 * to OIDC as usual; this mechanism only answers {@code Authorization: Basic}.
 */
@ApplicationScoped
public class DevLoginAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String BASIC = "basic ";

    private final boolean enabled;
    private final Map<String, DevUser> users;

    record DevUser(String password, String tenant, Set<String> roles) {
    }

    DevLoginAuthenticationMechanism(LabfleetConfig config) {
        this.enabled = config.devLogin().enabled();
        this.users = enabled ? readUsers(config.devLogin().usersFile().orElseThrow(() -> new IllegalStateException(
                "labfleet.dev-login.enabled=true needs labfleet.dev-login.users-file"))) : Map.of();
    }

    static Map<String, DevUser> readUsers(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read dev login users from " + file.toAbsolutePath(), e);
        }
        return properties.stringPropertyNames().stream()
                .filter(key -> key.endsWith(".password"))
                .map(key -> key.substring(0, key.length() - ".password".length()))
                .collect(Collectors.toUnmodifiableMap(user -> user, user -> new DevUser(
                        properties.getProperty(user + ".password"),
                        properties.getProperty(user + ".tenant"),
                        Arrays.stream(properties.getProperty(user + ".roles", Role.LEARNER).split(","))
                                .map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet()))));
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (!enabled || header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return Uni.createFrom().nullItem();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(new AuthenticationFailedException("Malformed Basic credentials"));
        }
        int colon = decoded.indexOf(':');
        DevUser user = colon < 0 ? null : users.get(decoded.substring(0, colon));
        if (user == null || !MessageDigest.isEqual(user.password().getBytes(StandardCharsets.UTF_8),
                decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8))) {
            return Uni.createFrom().failure(new AuthenticationFailedException("Unknown user or wrong password"));
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(decoded.substring(0, colon)))
                .addRoles(user.roles());
        if (user.tenant() != null) {
            identity.addAttribute(CallerResolver.TENANT_ATTRIBUTE, user.tenant());
        }
        return Uni.createFrom().item(identity.build());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        if (!enabled) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Basic realm=\"labfleet-dev\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }
}
