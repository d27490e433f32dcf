package io.labfleet.listing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A page counts the matches only when it cannot tell the total itself. */
class ResultPageTest {

    private final AtomicInteger counted = new AtomicInteger();

    private long count() {
        counted.incrementAndGet();
        return 57;
    }

    @Test
    void aFirstPageThatIsNotFullIsTheWholeListing() {
        assertThat(ResultPage.of(List.of("a", "b"), 0, 20, this::count).total()).isEqualTo(2);
        assertThat(ResultPage.of(List.of(), 0, 20, this::count).total()).isZero();
        assertThat(counted).hasValue(0);
    }

    @Test
    void aLaterPageThatIsNotFullIsTheLastOne() {
        assertThat(ResultPage.of(List.of("a", "b", "c"), 2, 20, this::count).total()).isEqualTo(43);
        assertThat(counted).hasValue(0);
    }

    @Test
    void aFullPageOrAnEmptyPagePastTheEndIsCounted() {
        assertThat(ResultPage.of(List.of("a", "b"), 0, 2, this::count).total()).isEqualTo(57);
        assertThat(ResultPage.of(List.of(), 5, 20, this::count).total()).isEqualTo(57);
        assertThat(counted).hasValue(2);
    }
}
