package io.labfleet.listing;

import io.quarkus.panache.common.Page;

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
     * The page read, with its total: {@code matching} when the query's rows carried it, otherwise (no row) nothing
     * matches when this is the first page, and {@code count} is asked only for an empty page past the end.
     */
    public static <T> ResultPage<T> of(List<T> items, int page, int size, Long matching, LongSupplier count) {
        long total = matching != null ? matching : page == 0 ? 0 : count.getAsLong();
        return new ResultPage<>(items, page, size, total);
    }
}
