package io.labfleet.listing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A page takes its total from its rows, and counts the matches only when it is empty past the end. */
class ResultPageTest {

    private final AtomicInteger counted = new AtomicInteger();

    private long count() {
        counted.incrementAndGet();
        return 57;
    }

    @Test
    void aPageWithRowsTakesTheTotalTheyCarry() {
        assertThat(ResultPage.of(List.of("a", "b"), 0, 2, 57L, this::count).total()).isEqualTo(57);
        assertThat(ResultPage.of(List.of("a", "b", "c"), 2, 20, 43L, this::count).total()).isEqualTo(43);
        assertThat(counted).hasValue(0);
    }

    @Test
    void anEmptyFirstPageIsAnEmptyListing() {
        assertThat(ResultPage.of(List.of(), 0, 20, null, this::count).total()).isZero();
        assertThat(counted).hasValue(0);
    }

    @Test
    void anEmptyPagePastTheEndIsCounted() {
        assertThat(ResultPage.of(List.of(), 5, 20, null, this::count).total()).isEqualTo(57);
        assertThat(counted).hasValue(1);
    }
}
