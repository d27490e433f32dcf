package io.labfleet.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The verified-token cache never admits more than the verification it saves would: not a token past its expiry
 * (or past its maximum age), not a token that differs from the verified one by a single character, not a token bound
 * to a key; and it stays within its bound however many tokens it is shown.
 */
class VerifiedTokenCacheTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private final MovableClock clock = new MovableClock(NOW);

    @Test
    void aVerifiedTokenIsServedUntilItsExpiryAndNeverAfter() {
        var cache = new VerifiedTokenCache(10, Optional.empty(), clock);
        var alice = identity("alice");
        cache.put("token-a", jwt(NOW.plusSeconds(60), NOW.minusSeconds(10)), alice);

        assertThat(cache.get("token-a")).containsSame(alice);
        clock.set(NOW.plusSeconds(59).plusMillis(999));
        assertThat(cache.get("token-a")).containsSame(alice);
        clock.set(NOW.plusSeconds(60));
        assertThat(cache.get("token-a")).as("at the second of its expiry").isEmpty();
        clock.set(NOW.plusSeconds(30));
        assertThat(cache.get("token-a")).as("an expired entry is dropped, not kept for a clock that goes back").isEmpty();
    }

    @Test
    void hitsAndMissesAreCounted() {
        var cache = new VerifiedTokenCache(10, Optional.empty(), clock);
        cache.get("token-a");
        cache.put("token-a", jwt(NOW.plusSeconds(60), NOW), identity("alice"));
        cache.get("token-a");
        cache.get("token-a");
        clock.set(NOW.plusSeconds(60));
        cache.get("token-a");

        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).as("unknown, then expired").isEqualTo(2);
        var off = new VerifiedTokenCache(0, Optional.empty(), clock);
        off.get("token-a");
        assertThat(off.hits() + off.misses()).as("a cache turned off is never asked").isZero();
    }

    @Test
    void aTokenAlreadyExpiredWhenVerifiedIsNotKept() {
        var cache = new VerifiedTokenCache(10, Optional.empty(), clock);
        cache.put("token-a", jwt(NOW, NOW.minusSeconds(600)), identity("alice"));
        cache.put("token-b", jwt(NOW.minusSeconds(1), NOW.minusSeconds(600)), identity("bob"));

        assertThat(cache.get("token-a")).isEmpty();
        assertThat(cache.get("token-b")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void onlyTheVerifiedTokenItselfMatches() {
        var cache = new VerifiedTokenCache(10, Optional.empty(), clock);
        var alice = identity("alice");
        cache.put("header.payload.signature", jwt(NOW.plusSeconds(60), NOW), alice);

        assertThat(cache.get("header.payload.signaturf")).as("another signature").isEmpty();
        assertThat(cache.get("header.payload.signature ")).isEmpty();
        assertThat(cache.get("header.payload.")).isEmpty();
        assertThat(cache.get("header.payload.signature")).containsSame(alice);
    }

    @Test
    void aMaximumTokenAgeEndsTheEntryBeforeTheExpiry() {
        var cache = new VerifiedTokenCache(10, Optional.of(Duration.ofMinutes(5)), clock);
        cache.put("token-a", jwt(NOW.plusSeconds(3600), NOW.minusSeconds(240)), identity("alice"));
        cache.put("no-iat", jwt(NOW.plusSeconds(3600), null), identity("bob"));

        assertThat(cache.get("token-a")).isPresent();
        clock.set(NOW.plusSeconds(60));
        assertThat(cache.get("token-a")).as("issued 5 minutes ago").isEmpty();
        clock.set(NOW);
        assertThat(cache.get("no-iat")).as("an age cannot be told without iat").isEmpty();
    }

    @Test
    void tokensWithoutExpiryOrBoundToAKeyAreNeverKept() {
        var cache = new VerifiedTokenCache(10, Optional.empty(), clock);
        cache.put("no-exp", jwt(null, NOW), identity("alice"));
        var bound = new HashMap<>(claims(NOW.plusSeconds(60), NOW));
        bound.put("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"));
        cache.put("bound", new ClaimsJwt(bound), identity("bob"));

        assertThat(cache.get("no-exp")).isEmpty();
        assertThat(cache.get("bound")).isEmpty();
    }

    @Test
    void itHoldsNoMoreThanItsBound() {
        var cache = new VerifiedTokenCache(50, Optional.empty(), clock);
        IntStream.range(0, 500).forEach(i -> cache.put("token-" + i, jwt(NOW.plusSeconds(600), NOW), identity("u" + i)));

        assertThat(cache.size()).isEqualTo(50);
        assertThat(IntStream.range(0, 500).filter(i -> cache.get("token-" + i).isPresent()).count())
                .isEqualTo(50);
    }

    @Test
    void sizeZeroTurnsItOffAndANegativeSizeIsRefused() {
        var cache = new VerifiedTokenCache(0, Optional.empty(), clock);
        cache.put("token-a", jwt(NOW.plusSeconds(60), NOW), identity("alice"));
        assertThat(cache.get("token-a")).isEmpty();
        assertThatThrownBy(() -> new VerifiedTokenCache(-1, Optional.empty(), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static SecurityIdentity identity(String name) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRole(Role.LEARNER).build();
    }

    private static JsonWebToken jwt(Instant expiry, Instant issuedAt) {
        return new ClaimsJwt(claims(expiry, issuedAt));
    }

    private static Map<String, Object> claims(Instant expiry, Instant issuedAt) {
        Map<String, Object> claims = new HashMap<>(Map.of("sub", "alice"));
        if (expiry != null) {
            claims.put("exp", expiry.getEpochSecond());
        }
        if (issuedAt != null) {
            claims.put("iat", issuedAt.getEpochSecond());
        }
        return claims;
    }

    /** A token's claims, as OIDC's principal gives them (numbers as Long). */
    private static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
