package io.labfleet.security;

import io.labfleet.config.LabfleetConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Serves a bearer token's identity from the {@link VerifiedTokenCache} when the same token was verified before, and
 * fills the cache with what the OIDC provider verifies.
 * <ul>
 * <li>As an HTTP authentication mechanism it is asked before OIDC's: on {@code Authorization: Bearer <token>} whose
 * token is in the cache it hands the remembered identity to the identity provider manager, so OIDC's mechanism never
 * decodes that token again (decoding its payload to tell a JWT from an opaque token was 7 % of a sandbox read's
 * time). On anything else (no such header, another scheme, a token it does not hold, an expired one) it answers
 * nothing and OIDC's mechanism verifies the token as if this one were not there.</li>
 * <li>As the identity provider of the requests it makes, it hands that identity on; the manager then runs every
 * augmentor (such as {@link SubjectRequiredAugmentor}) on it, on every request, cached or not, as do the role checks
 * and everything the service does with the caller.</li>
 * <li>As an augmentor it runs first, on the identity OIDC made, and remembers it.</li>
 * </ul>
 */
@ApplicationScoped
public class CachedTokenAuthentication
        implements HttpAuthenticationMechanism, IdentityProvider<CachedTokenAuthentication.CachedTokenRequest>,
        SecurityIdentityAugmentor {

    /** Marks an identity served from the cache, so the augmentor does not store it again. */
    private static final String FROM_CACHE = "labfleet.token-cache.hit";
    /** Identity attributes that belong to the request that verified the token (OIDC sets them). */
    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    private static final String REQUEST_CONTEXT = AuthenticationRequestContext.class.getName();
    private static final String BEARER = "Bearer ";

    /** {@code labfleet_token_cache_requests_total{outcome="hit"|"miss"}}: lookups of the cache (none while it is off). */
    static final String REQUESTS_METER = "labfleet.token.cache.requests";

    private final VerifiedTokenCache cache;

    /** A bearer token found in the cache, with the identity OIDC verified for it. */
    public static final class CachedTokenRequest extends BaseAuthenticationRequest {
        private final SecurityIdentity identity;

        CachedTokenRequest(SecurityIdentity identity) {
            this.identity = identity;
        }
    }

    CachedTokenAuthentication(LabfleetConfig config, Clock clock, MeterRegistry metrics,
                              @ConfigProperty(name = "quarkus.oidc.token.age") Optional<Duration> maxTokenAge) {
        this.cache = new VerifiedTokenCache(config.security().tokenCacheSize(), maxTokenAge, clock);
        FunctionCounter.builder(REQUESTS_METER, cache, VerifiedTokenCache::hits).tag("outcome", "hit")
                .description("Bearer tokens whose identity was taken from the verified-token cache").register(metrics);
        FunctionCounter.builder(REQUESTS_METER, cache, VerifiedTokenCache::misses).tag("outcome", "miss")
                .description("Bearer tokens not found in the verified-token cache, verified by the OIDC provider")
                .register(metrics);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        Optional<SecurityIdentity> cached = bearerToken(context.request().getHeader("Authorization")).flatMap(cache::get);
        if (cached.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new CachedTokenRequest(cached.get()), context));
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header, in the one form whose token OIDC reads the same
     * way (one space, nothing around the token); any other form is left to OIDC.
     */
    static Optional<String> bearerToken(String header) {
        if (header == null || header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        for (int i = BEARER.length(); i < header.length(); i++) {
            if (header.charAt(i) <= ' ') {
                return Optional.empty();
            }
        }
        return Optional.of(header.substring(BEARER.length()));
    }

    /** OIDC's challenge stands: this mechanism only ever accepts what OIDC accepted before. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(CachedTokenRequest.class);
    }

    /**
     * Asked before every other mechanism (OIDC's has the default priority), so that a cached token is never decoded
     * again.
     */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Class<CachedTokenRequest> getRequestType() {
        return CachedTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(CachedTokenRequest request, AuthenticationRequestContext context) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(request.identity)
                .addAttribute(ROUTING_CONTEXT, routing)
                .addAttribute(REQUEST_CONTEXT, context)
                .addAttribute(FROM_CACHE, Boolean.TRUE)
                .build());
    }

    /**
     * The first augmentor run, so that it sees the identity as OIDC made it, before other augmentors add to it (they
     * run on every request, cached or not).
     */
    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (credential != null && !credential.isOpaque() && identity.getAttribute(FROM_CACHE) == null
                && identity.getPrincipal() instanceof JsonWebToken token
                // answers of the provider's introspection and UserInfo endpoints may change (a revoked token)
                && identity.getAttribute("introspection") == null && identity.getAttribute("userinfo") == null) {
            cache.put(credential.getToken(), token, QuarkusSecurityIdentity.builder(identity)
                    .addAttribute(ROUTING_CONTEXT, null)
                    .addAttribute(REQUEST_CONTEXT, null)
                    .build());
        }
        return Uni.createFrom().item(identity);
    }
}
