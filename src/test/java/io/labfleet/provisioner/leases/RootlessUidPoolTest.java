package io.labfleet.provisioner.leases;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RootlessUidPoolTest {

    private static final RootlessUidPool DEFAULT = new RootlessUidPool(1_000_000_000, 4096);

    @Test
    void everyUidOwnsSubordinateIdsOfItsOwnAfterTheBlockOfUids() {
        assertThat(DEFAULT.uids()).hasSize(4096).startsWith(1_000_000_000).endsWith(1_000_004_095);
        assertThat(DEFAULT.subordinateStart(1_000_000_000)).isEqualTo(1_000_065_536L);
        assertThat(DEFAULT.subordinateStart(1_000_000_001)).isEqualTo(1_000_131_072L);
        long last = DEFAULT.subordinateStart(1_000_004_095);
        assertThat(last + RootlessUidPool.SUBORDINATE_IDS - 1).as("the block's last id").isEqualTo(1_268_500_991L);
        assertThatThrownBy(() -> DEFAULT.subordinateStart(1_000_004_096)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPoolThatWouldMeetTheImagesOwnUserOrPassTwoToTheThirtyFirstIsRefusedNamingTheKeys() {
        assertThatThrownBy(() -> new RootlessUidPool(1000, 10))
                .hasMessageContaining("labfleet.docker.rootless-uid-first=1000 and rootless-uid-count=10");
        assertThatThrownBy(() -> new RootlessUidPool(165_535, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RootlessUidPool(165_536, 1).uids()).containsExactly(165_536);
        assertThatThrownBy(() -> new RootlessUidPool(1_000_000_000, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RootlessUidPool(1_000_000_000, 65_536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RootlessUidPool(2_000_000_000, 4096)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theImagesLabelCoversAPoolWithTheSameFirstUidAndNoMoreUids() {
        RootlessUidPool image = RootlessUidPool.parse("1000000000:4096").orElseThrow();

        assertThat(image).isEqualTo(DEFAULT);
        assertThat(image.covers(new RootlessUidPool(1_000_000_000, 100))).isTrue();
        assertThat(image.covers(new RootlessUidPool(1_000_000_000, 4097))).isFalse();
        assertThat(image.covers(new RootlessUidPool(1_000_000_001, 10)))
                .as("another first uid gives other subordinate ids than the image's").isFalse();
        assertThat(RootlessUidPool.parse(null)).isEmpty();
        assertThat(RootlessUidPool.parse("")).isEmpty();
        assertThat(RootlessUidPool.parse("1000:4096")).isEmpty();
        assertThat(RootlessUidPool.parse("1000000000-4096")).isEmpty();
    }
}
