package io.labfleet.provisioner.docker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FenceRulesTest {

    @Test
    void sandboxesOpenNoConnectionToTheHostButItsAnswersReachThem() {
        String script = FenceRules.script(List.of("127.0.0.1"), true);

        assertThat(script).contains("-A LABFLEET-INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n"
                + "-A LABFLEET-INPUT -j REJECT\n");
        assertThat(script).contains("-I INPUT 1 -i lf+ -j LABFLEET-INPUT");
    }

    @Test
    void theNameServersAreLetThroughBeforeThePrivateRangesTheyLiveInAreRefused() {
        String script = FenceRules.script(List.of("10.255.255.53"), true);

        int dns = script.indexOf("-A LABFLEET-OUTBOUND -d 10.255.255.53/32 -p udp --dport 53 -j RETURN");
        int privateRange = script.indexOf("-A LABFLEET-OUTBOUND -d 10.0.0.0/8 -j REJECT");
        assertThat(dns).isPositive();
        assertThat(privateRange).isGreaterThan(dns);
        assertThat(script).doesNotContain("--dport 53 -j ACCEPT");
    }

    @Test
    void everyPrivateSharedAndLinkLocalRangeIsRefusedEvenWithOutboundAccess() {
        String script = FenceRules.script(List.of(), true);

        for (String range : List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
                "100.64.0.0/10", "127.0.0.0/8")) {
            assertThat(script).contains("-A LABFLEET-OUTBOUND -d " + range + " -j REJECT");
        }
        assertThat(script).contains("-A LABFLEET-OUTBOUND -j RETURN\n").doesNotContain("-A LABFLEET-OUTBOUND -j REJECT");
    }

    @Test
    void withoutOutboundAccessNothingElseLeavesASandbox() {
        assertThat(FenceRules.script(List.of(), false)).contains("-A LABFLEET-OUTBOUND -j REJECT\n");
    }

    @Test
    void nothingRoutedThroughTheHostOpensAConnectionToASandbox() {
        String script = FenceRules.script(List.of(), true);

        assertThat(script).contains("-A LABFLEET-INBOUND -j REJECT").contains("-I DOCKER-USER 1 -o lf+ -j LABFLEET-INBOUND")
                .contains("-I DOCKER-USER 1 -i lf+ -j LABFLEET-OUTBOUND");
    }

    @Test
    void loopbackNameServersNeedNoOpening() {
        assertThat(FenceRules.script(List.of("127.0.0.1"), true)).doesNotContain("--dport 53");
    }
}
