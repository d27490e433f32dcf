package io.labfleet.commons;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.persistence.LockModeType;
import org.hibernate.Timeouts;
import org.hibernate.jpa.SpecHints;

/**
 * How replicas share work through the database: a query whose rows are locked ({@code SELECT … FOR UPDATE SKIP
 * LOCKED}), skipping rows another transaction holds, so that of several claimers each row goes to one and none waits
 * for another. Written once: every batch claim, lease and queue takes its rows this way.
 */
public final class RowLocks {

    private RowLocks() {
    }

    /** The query's rows locked for the caller's transaction, those another transaction holds left out. */
    public static <E> PanacheQuery<E> skippingLocked(PanacheQuery<E> query) {
        return query.withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint(SpecHints.HINT_SPEC_LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI);
    }
}
