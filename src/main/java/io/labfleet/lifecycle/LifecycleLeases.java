package io.labfleet.lifecycle;

import io.labfleet.commons.RowLocks;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Takes and gives back {@link LifecycleLease}s, so that of several replicas (or of two threads of one) only one
 * runs a fleet-wide task at a time. A replica that dies holding a lease loses it when it lapses.
 */
@ApplicationScoped
public class LifecycleLeases {

    private final Clock clock;

    LifecycleLeases(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param holder names this attempt; a second attempt with another name fails while the lease is held
     * @return whether the lease is now held by {@code holder}, until {@code duration} from now at the latest
     */
    public boolean tryAcquire(String name, String holder, Duration duration) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<LifecycleLease> free = RowLocks.skippingLocked(LifecycleLease.<LifecycleLease>find("name", name))
                    .firstResultOptional();
            if (free.isEmpty() || free.get().heldUntil.isAfter(clock.instant())) {
                return false;
            }
            free.get().holder = holder;
            free.get().heldUntil = clock.instant().plus(duration);
            return true;
        });
    }

    /**
     * Gives the lease back, if {@code holder} still holds it. It is marked free since the epoch rather than
     * since now, so a clock set back (by NTP, or by a test) does not keep it taken.
     */
    public void release(String name, String holder) {
        QuarkusTransaction.requiringNew().run(() -> LifecycleLease.update(
                "heldUntil = ?1 where name = ?2 and holder = ?3", Instant.EPOCH, name, holder));
    }
}
