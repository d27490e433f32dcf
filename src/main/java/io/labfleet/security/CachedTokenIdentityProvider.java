package io.labfleet.security;

import io.labfleet.config.LabfleetConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Serves a bearer token's identity from the {@link VerifiedTokenCache} when the same token was verified before, and
 * fills the cache with what the OIDC provider verifies. As an identity provider it is asked first (a higher
 * priority than OIDC's) and answers nothing on a miss, so OIDC verifies the token as before; as an augmentor it
 * runs first, on the identity OIDC made, and keeps it. Every other augmentor (such as {@link SubjectRequiredAugmentor})
 * still runs on every request, cached or not, as do the role checks and everything the service does with the caller.
 */
@ApplicationScoped
public class CachedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest>, SecurityIdentityAugmentor {

    /** Marks an identity served from the cache, so the augmentor does not store it again. */
    private static final String FROM_CACHE = "labfleet.token-cache.hit";
    /** Identity attributes that belong to the request that verified the token (OIDC sets them). */
    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    private static final String REQUEST_CONTEXT = AuthenticationRequestContext.class.getName();

    /** {@code labfleet_token_cache_requests_total{outcome="hit"|"miss"}}: lookups of the cache (none while it is off). */
    static final String REQUESTS_METER = "labfleet.token.cache.requests";

    private final VerifiedTokenCache cache;

    CachedTokenIdentityProvider(LabfleetConfig config, Clock clock, MeterRegistry metrics,
                                @ConfigProperty(name = "quarkus.oidc.token.age") Optional<Duration> maxTokenAge) {
        this.cache = new VerifiedTokenCache(config.security().tokenCacheSize(), maxTokenAge, clock);
        FunctionCounter.builder(REQUESTS_METER, cache, VerifiedTokenCache::hits).tag("outcome", "hit")
                .description("Bearer tokens whose identity was taken from the verified-token cache").register(metrics);
        FunctionCounter.builder(REQUESTS_METER, cache, VerifiedTokenCache::misses).tag("outcome", "miss")
                .description("Bearer tokens not found in the verified-token cache, verified by the OIDC provider")
                .register(metrics);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * The first identity provider asked (OIDC's has the default, 0) and the first augmentor run, so that it sees the
     * identity as OIDC made it, before other augmentors add to it (they run on every request, cached or not).
     */
    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing == null) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(cache.get(request.getToken().getToken())
                .map(identity -> (SecurityIdentity) QuarkusSecurityIdentity.builder(identity)
                        .addAttribute(ROUTING_CONTEXT, routing)
                        .addAttribute(REQUEST_CONTEXT, context)
                        .addAttribute(FROM_CACHE, Boolean.TRUE)
                        .build())
                .orElse(null));
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
