package io.labfleet.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.labfleet.commons.Sha256;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Identities of bearer tokens the OIDC provider has verified, so that the next request with the same token skips
 * the signature check and the claims' parsing (a third of the service's CPU time per API request). Never more
 * lenient than the verification it saves: an entry is keyed by the whole token (SHA-256 of it, so no lookup
 * compares a caller's text with a stored secret), is admitted only while the service's clock is before the token's
 * expiry ({@code exp}, and {@code iat} + the maximum token age when one is configured), and is checked against that
 * clock at every read, not only when it is evicted. Tokens bound to a key or certificate ({@code cnf}: DPoP,
 * mutual TLS), tokens without an expiry, and identities that come from introspection or UserInfo (whose answers
 * may change: a revoked token) are never cached. Bounded in entries: the least useful ones are evicted first.
 */
public final class VerifiedTokenCache {

    private final Cache<String, Entry> entries;
    private final Clock clock;
    private final Optional<Duration> maxTokenAge;
    private final boolean enabled;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    private record Entry(SecurityIdentity identity, Instant deadline) {
    }

    /**
     * @param maxEntries  most identities held at once; 0 disables the cache
     * @param maxTokenAge the OIDC provider's maximum token age after {@code iat}, if it enforces one
     */
    public VerifiedTokenCache(int maxEntries, Optional<Duration> maxTokenAge, Clock clock) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("The token cache size cannot be negative: " + maxEntries);
        }
        this.clock = clock;
        this.maxTokenAge = maxTokenAge;
        this.enabled = maxEntries > 0;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .executor(Runnable::run) // its upkeep on the request's thread: no hand-over to a pool per few reads
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry entry, long currentTime) {
                        return Math.max(0, Duration.between(clock.instant(), entry.deadline()).toNanos());
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, entry, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    /** The identity verified for exactly this token, while the token is still valid. */
    public Optional<SecurityIdentity> get(String rawToken) {
        if (!enabled) {
            return Optional.empty();
        }
        String key = Sha256.hex(rawToken);
        Entry entry = entries.getIfPresent(key);
        if (entry == null) {
            misses.increment();
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.deadline())) {
            entries.invalidate(key);
            misses.increment();
            return Optional.empty();
        }
        hits.increment();
        return Optional.of(entry.identity());
    }

    /**
     * Remembers the identity verified for this token, unless the token may not be cached or is no longer valid.
     * The identity must hold nothing of the request that verified it (it is handed to later requests).
     */
    public void put(String rawToken, JsonWebToken token, SecurityIdentity identity) {
        if (!enabled) {
            return;
        }
        deadline(token, maxTokenAge).filter(clock.instant()::isBefore)
                .ifPresent(deadline -> entries.put(Sha256.hex(rawToken), new Entry(identity, deadline)));
    }

    /** Requests whose token's identity came from the cache (its signature was not verified again). */
    public long hits() {
        return hits.sum();
    }

    /** Requests whose token was looked up and not found (or found expired): the OIDC provider verified it. */
    public long misses() {
        return misses.sum();
    }

    /** How many identities are held (after pending evictions). */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /**
     * Until when a verified token may be taken from the cache: its expiry, earlier when a maximum age after its
     * issue applies; empty when it may not be cached at all (no expiry, or bound to a key or certificate).
     */
    static Optional<Instant> deadline(JsonWebToken token, Optional<Duration> maxTokenAge) {
        Optional<Instant> expiry = instant(token, "exp");
        if (expiry.isEmpty() || token.containsClaim("cnf")) {
            return Optional.empty();
        }
        if (maxTokenAge.isEmpty()) {
            return expiry;
        }
        return instant(token, "iat").map(issued -> issued.plus(maxTokenAge.get()))
                .map(aged -> aged.isBefore(expiry.get()) ? aged : expiry.get());
    }

    /** A NumericDate claim (seconds since the epoch), whatever number type the token's principal gives it as. */
    private static Optional<Instant> instant(JsonWebToken token, String claim) {
        return token.getClaim(claim) instanceof Number seconds && seconds.longValue() > 0
                ? Optional.of(Instant.ofEpochSecond(seconds.longValue())) : Optional.empty();
    }
}
