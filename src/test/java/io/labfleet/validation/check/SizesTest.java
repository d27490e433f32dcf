package io.labfleet.validation.check;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SizesTest {

    @Test
    void memoryCountsInPowersOf1024LikeDockerRunM() {
        assertThat(ByteSize.memory("128m")).isEqualTo(134_217_728L);
        assertThat(ByteSize.memory("128M")).isEqualTo(134_217_728L);
        assertThat(ByteSize.memory("128MiB")).isEqualTo(134_217_728L);
        assertThat(ByteSize.memory("134217728")).isEqualTo(134_217_728L);
        assertThat(ByteSize.memory("1g")).isEqualTo(1_073_741_824L);
        assertThat(ByteSize.formatMemory(134_217_728L)).isEqualTo("128 MiB");
        assertThatThrownBy(() -> ByteSize.memory("lots")).hasMessageContaining("not a size");
    }

    @Test
    void diskCountsInPowersOf1000LikeDockerImages() {
        assertThat(ByteSize.disk("50MB")).isEqualTo(50_000_000L);
        assertThat(ByteSize.disk("1.5GB")).isEqualTo(1_500_000_000L);
        assertThat(ByteSize.formatDisk(1_990_000L)).isEqualTo("1.99 MB");
        assertThat(ByteSize.formatDisk(1_999_252L)).as("rounds up to a whole number").isEqualTo("2 MB");
        assertThat(ByteSize.formatDisk(27_160_000L)).isEqualTo("27.16 MB");
    }

    @Test
    void cpusMayBeNanoCpusOrAQuota() {
        assertThat(CpuLimit.of(new ContainerFacts.Limits(0, 500_000_000L, 0, 0))).hasValue(0.5);
        assertThat(CpuLimit.of(new ContainerFacts.Limits(0, 0, 50_000, 100_000))).hasValue(0.5);
        assertThat(CpuLimit.of(new ContainerFacts.Limits(0, 0, 50_000, 0))).as("default period").hasValue(0.5);
        assertThat(CpuLimit.of(new ContainerFacts.Limits(0, 0, 0, 100_000))).isEmpty();
        assertThat(CpuLimit.parse("0.5")).isEqualTo(0.5);
        assertThat(CpuLimit.format(1.50)).isEqualTo("1.5");
        assertThatThrownBy(() -> CpuLimit.parse("-1")).hasMessageContaining("not a number of CPUs");
    }
}
