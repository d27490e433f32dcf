package io.labfleet.listing;

import io.quarkus.panache.common.Page;
import io.quarkus.hibernate.orm.panache.PanacheQuery;

import java.util.List;

/**
 * One page of a listing, with the total so a client can page through it. (Not Panache's {@link Page}, which says
 * which page to read.)
 */
public record ResultPage<T>(List<T> items, int page, int size, long total) {

    /** What a caller who may see nothing gets. */
    public static <T> ResultPage<T> empty(int page, int size) {
        return new ResultPage<>(List.of(), page, size, 0);
    }

    /** Reads page {@code page} of {@code size} items of a sorted query, and counts them all. */
    public static <T> ResultPage<T> read(PanacheQuery<T> query, int page, int size) {
        PanacheQuery<T> paged = query.page(Page.of(page, size));
        return new ResultPage<>(paged.list(), page, size, paged.count());
    }
}
