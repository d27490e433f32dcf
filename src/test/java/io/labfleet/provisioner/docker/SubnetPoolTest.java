package io.labfleet.provisioner.docker;

import io.labfleet.provisioner.docker.SubnetPool.Subnet;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubnetPoolTest {

    @Test
    void theDefaultPoolHoldsMoreThanAThousandDistinctNonOverlappingSandboxNetworks() {
        SubnetPool pool = SubnetPool.of("10.213.0.0/16", 28).orElseThrow();

        List<Subnet> subnets = pool.subnets();

        assertThat(pool.size()).isEqualTo(4096);
        assertThat(subnets).hasSize(4096);
        assertThat(new HashSet<>(subnets)).hasSize(4096);
        assertThat(subnets.get(0)).hasToString("10.213.0.0/28");
        assertThat(subnets.get(1)).hasToString("10.213.0.16/28");
        assertThat(subnets.get(4095)).hasToString("10.213.255.240/28");
        for (int i = 1; i < subnets.size(); i++) {
            assertThat(subnets.get(i).overlaps(subnets.get(i - 1))).isFalse();
            assertThat(pool.range().overlaps(subnets.get(i))).isTrue();
        }
        assertThat(subnets.get(1).gateway()).isEqualTo("10.213.0.17");
    }

    @Test
    void offLeavesSubnetsToDockersOwnPools() {
        assertThat(SubnetPool.of("off", 28)).isEmpty();
    }

    @Test
    void aPoolThatIsNotAnIpv4NetworkIsRefusedNamingTheKey() {
        for (String wrong : List.of("10.213.0.0", "10.213.0.1/16", "10.300.0.0/16", "fd00::/64", "ten/8", "10.0.0.0/33")) {
            assertThatThrownBy(() -> SubnetPool.of(wrong, 28)).as(wrong)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("labfleet.docker.subnet-pool=" + wrong);
        }
    }

    @Test
    void aSubnetSizeOutsideThePoolOrTooSmallForASandboxIsRefused() {
        assertThatThrownBy(() -> SubnetPool.of("10.213.0.0/16", 15)).hasMessageContaining("subnet-prefix=15");
        assertThatThrownBy(() -> SubnetPool.of("10.213.0.0/16", 30)).hasMessageContaining("subnet-prefix=30");
        assertThat(SubnetPool.of("10.213.7.0/24", 24).orElseThrow().size()).isEqualTo(1);
    }

    @Test
    void overlapIsSharingAnyAddress() {
        Subnet pool = Subnet.parse("10.213.0.0/16").orElseThrow();

        assertThat(pool.overlaps(Subnet.parse("10.0.0.0/8").orElseThrow())).isTrue();
        assertThat(pool.overlaps(Subnet.parse("10.213.64.0/20").orElseThrow())).isTrue();
        assertThat(pool.overlaps(Subnet.parse("10.214.0.0/16").orElseThrow())).isFalse();
        assertThat(pool.overlaps(Subnet.parse("172.17.0.0/16").orElseThrow())).isFalse();
        assertThat(Subnet.parse("10.213.0.16/28").orElseThrow()
                .overlaps(Subnet.parse("10.213.0.0/28").orElseThrow())).isFalse();
    }
}
