package io.labfleet.provisioner.docker;

import java.util.ArrayList;
import java.util.List;

/**
 * The network fence around sandboxes, as a shell script of iptables commands, built with no I/O. Every sandbox's
 * bridge is named {@code lf…} ({@link DockerSandboxModel#BRIDGE_PREFIX}), so three jumps fence all of them:
 * <ul>
 *   <li>{@code INPUT -i lf+ → LABFLEET-INPUT}: a sandbox opens no connection to the Docker host itself (its API,
 *       SSH gateway, database, engine, whatever listens on any of its addresses); replies to the connections the
 *       host opened (the service talking to sandbox daemons) pass.</li>
 *   <li>{@code DOCKER-USER -i lf+ → LABFLEET-OUTBOUND}: from a sandbox, only its name servers on port 53 and, when
 *       outbound access is on, public addresses; never private, shared, link-local (cloud metadata), loopback or
 *       multicast ranges, so neither another sandbox nor anything on the host's networks.</li>
 *   <li>{@code DOCKER-USER -o lf+ → LABFLEET-INBOUND}: nothing routed through the host opens a connection to a
 *       sandbox; only the host itself (which does not cross FORWARD) reaches sandbox daemons.</li>
 * </ul>
 * Docker keeps the {@code DOCKER-USER} chain and its jump first in {@code FORWARD} across restarts; the script is
 * idempotent (chains are refilled, jumps added once) and ends by checking that the three jumps are in place.
 */
final class FenceRules {

    static final String INPUT_CHAIN = "LABFLEET-INPUT";
    static final String OUTBOUND_CHAIN = "LABFLEET-OUTBOUND";
    static final String INBOUND_CHAIN = "LABFLEET-INBOUND";
    /** Ranges no sandbox may reach, whatever the outbound setting: RFC 1918, RFC 6598, loopback, link-local, ... */
    static final List<String> BLOCKED_RANGES = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4",
            "240.0.0.0/4");
    private static final String SANDBOX_BRIDGES = DockerSandboxModel.BRIDGE_PREFIX + "+";
    private static final String ANSWERS = "-m conntrack --ctstate ESTABLISHED,RELATED";

    private FenceRules() {
    }

    /**
     * @param nameServers  the sandboxes' name servers (IPv4 addresses are let through on port 53; loopback ones
     *                     stay inside the sandbox anyway)
     * @param outbound     whether sandboxes may reach public addresses
     */
    static String script(List<String> nameServers, boolean outbound) {
        List<String> rules = new ArrayList<>();
        rules.add("*filter");
        rules.add(":" + INPUT_CHAIN + " - [0:0]");
        rules.add(":" + OUTBOUND_CHAIN + " - [0:0]");
        rules.add(":" + INBOUND_CHAIN + " - [0:0]");
        rules.add("-A " + INPUT_CHAIN + " " + ANSWERS + " -j ACCEPT");
        rules.add("-A " + INPUT_CHAIN + " -j REJECT");
        rules.add("-A " + OUTBOUND_CHAIN + " " + ANSWERS + " -j RETURN");
        for (String server : nameServers) {
            if (server.contains(".") && !server.startsWith("127.")) {
                rules.add("-A " + OUTBOUND_CHAIN + " -d " + server + "/32 -p udp --dport 53 -j RETURN");
                rules.add("-A " + OUTBOUND_CHAIN + " -d " + server + "/32 -p tcp --dport 53 -j RETURN");
            }
        }
        BLOCKED_RANGES.forEach(range -> rules.add("-A " + OUTBOUND_CHAIN + " -d " + range + " -j REJECT"));
        rules.add("-A " + OUTBOUND_CHAIN + " -j " + (outbound ? "RETURN" : "REJECT"));
        rules.add("-A " + INBOUND_CHAIN + " " + ANSWERS + " -j RETURN");
        rules.add("-A " + INBOUND_CHAIN + " -j REJECT");
        rules.add("COMMIT");

        return String.join("\n",
                "set -eu",
                // The backend dockerd uses is the one whose tables hold its DOCKER-USER chain.
                "ipt=",
                "for variant in nft legacy; do",
                "  if iptables-$variant -w -S DOCKER-USER >/dev/null 2>&1; then ipt=iptables-$variant; break; fi",
                "done",
                "[ -n \"$ipt\" ] || { echo 'the Docker host has no DOCKER-USER chain: dockerd must manage iptables"
                        + " (its --iptables option left on)' >&2; exit 3; }",
                "$ipt-restore -w --noflush <<'RULES'",
                String.join("\n", rules),
                "RULES",
                jump("INPUT", "-i", INPUT_CHAIN),
                jump("DOCKER-USER", "-i", OUTBOUND_CHAIN),
                jump("DOCKER-USER", "-o", INBOUND_CHAIN),
                "echo \"fence installed with $ipt\"",
                "");
    }

    /** Adds the jump first in its chain unless it is there already. */
    private static String jump(String chain, String direction, String target) {
        String rule = chain + " " + direction + " " + SANDBOX_BRIDGES + " -j " + target;
        return "$ipt -w -C " + rule + " 2>/dev/null || $ipt -w -I " + chain + " 1 " + direction + " "
                + SANDBOX_BRIDGES + " -j " + target;
    }
}
