package io.labfleet.sandbox;

import java.util.List;
import java.util.function.LongSupplier;

/** One page of a listing, with the total so a client can page through it. */
public record Page<T>(List<T> items, int page, int size, long total) {

    /**
     * The page, counting the matches only when the page cannot tell: a page that is not full and not past the end
     * is the last one, so the total is what came before it plus what it holds. Most listings (a learner's own
     * sandboxes) fit on their first page and so cost one query instead of two.
     */
    public static <T> Page<T> of(List<T> items, int page, int size, LongSupplier count) {
        boolean last = items.size() < size && (page == 0 || !items.isEmpty());
        return new Page<>(items, page, size, last ? (long) page * size + items.size() : count.getAsLong());
    }
}
