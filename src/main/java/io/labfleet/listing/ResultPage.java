package io.labfleet.listing;

import io.quarkus.panache.common.Page;
import io.quarkus.hibernate.orm.panache.PanacheQuery;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * One page of a listing, with the total so a client can page through it. (Not Panache's {@link Page}, which says
 * which page to read.)
 */
public record ResultPage<T>(List<T> items, int page, int size, long total) {

    /** What a caller who may see nothing gets. */
    public static <T> ResultPage<T> empty(int page, int size) {
        return new ResultPage<>(List.of(), page, size, 0);
    }

    /**
     * Reads page {@code page} of {@code size} items of a sorted query, counting the matches only when the page
     * cannot tell: a page that is not full and not past the end is the last one, so the total is what came before
     * it plus what it holds. Most listings (a learner's own sandboxes) fit on their first page and so cost one query
     * instead of two. {@code count} counts all the matches of {@code query} (see {@link ListingQuery#count}).
     */
    public static <T> ResultPage<T> read(PanacheQuery<T> query, LongSupplier count, int page, int size) {
        return of(query.page(Page.of(page, size)).list(), page, size, count);
    }

    /** The page read, with {@code count} asked only when the page cannot tell the total itself. */
    public static <T> ResultPage<T> of(List<T> items, int page, int size, LongSupplier count) {
        boolean last = items.size() < size && (page == 0 || !items.isEmpty());
        return new ResultPage<>(items, page, size, last ? (long) page * size + items.size() : count.getAsLong());
    }
}
