package io.labfleet.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The managed blocks of ~/.ssh/config: added, replaced, removed; the learner's own text is never touched. */
class SshConfigFileTest {

    private static final Path KEY = Path.of("/home/léa/.ssh/labfleet_ed25519");
    /** The shape the service hands out today: one block naming the sandbox and the gateway. */
    private static final String SERVICE_BLOCK = "Host sb-one localhost\n    HostName localhost\n    Port 2222\n"
            + "    User sb-one\n    IdentityFile ~/.ssh/id_ed25519\n    IdentitiesOnly yes\n";
    /** A learner's file with everything ssh allows: global options, comments, Include, Match, CRLF, tabs, no final newline. */
    private static final String LEARNERS_OWN = "# my settings\r\n"
            + "ServerAliveInterval 60\n"
            + "Include ~/.orbstack/ssh/config\n"
            + "\n"
            + "Host github.com\n"
            + "\tIdentityFile ~/.ssh/github\n"
            + "  # an indented comment\n"
            + "Match host *.corp exec \"test -f ~/.vpn\"\n"
            + "    ProxyJump bastion\n"
            + "Host *\n"
            + "    User moi";

    @Test
    void windowsOwnSshGetsTheBlockWithoutConnectionSharingWhichItCannotDo() {
        String shared = "Match final host gw user sb-*\n    Port 2222\n\n"
                + "    # Windows' own ssh cannot share a connection: leave out the three Control lines there\n"
                + "    ControlMaster auto\n"
                + "    ControlPath ~/.ssh/labfleet-%C\n    controlpersist=10m\nHost sb-one\n    HostName gw\n";

        assertThat(SshConfigFile.forOperatingSystem(shared, "Windows 11"))
                .isEqualTo("Match final host gw user sb-*\n    Port 2222\n\nHost sb-one\n    HostName gw\n");
        assertThat(SshConfigFile.forOperatingSystem(shared, "Linux")).isEqualTo(shared);
        assertThat(SshConfigFile.forOperatingSystem(shared, "Mac OS X")).isEqualTo(shared);
    }

    @Test
    void aBlockGoesOnTopAndItsRemovalGivesBackTheFileByteForByte() {
        String block = SshConfigFile.block("sb-one", SERVICE_BLOCK, KEY);

        String withBlock = SshConfigFile.withBlock(LEARNERS_OWN, "sb-one", block);

        assertThat(withBlock).startsWith(block).endsWith(LEARNERS_OWN).hasSize(block.length() + LEARNERS_OWN.length());
        assertThat(SshConfigFile.withoutBlock(withBlock, "sb-one")).isEqualTo(LEARNERS_OWN);
    }

    @Test
    void theBlockPointsAtTheLearnersKeyAndGivesTheFollowingLinesBackToEveryHost() {
        String block = SshConfigFile.block("sb-one", SERVICE_BLOCK, KEY);

        assertThat(block).isEqualTo("# >>> labfleet sb-one (written by labfleet start, removed by labfleet stop) >>>\n"
                + "Host sb-one localhost\n    HostName localhost\n    Port 2222\n    User sb-one\n"
                + "    IdentityFile /home/léa/.ssh/labfleet_ed25519\n    IdentitiesOnly yes\n"
                + "Host *\n"
                + "# <<< labfleet sb-one <<<\n");
        assertThat(SshConfigFile.block("sb-one", "Host sb-one\n    HostName gw\n", Path.of("/Users/Léa Dupont/.ssh/k")))
                .contains("Host sb-one\n    HostName gw\n    IdentityFile \"/Users/Léa Dupont/.ssh/k\"\nHost *\n");
    }

    /** The service may hand out several blocks (the gateway, then a small alias per sandbox): each IdentityFile is ours. */
    @Test
    void keepsTheShapeTheServiceHandsOut() {
        String gatewayAndAlias = "Host labs.example.org\n    Port 2222\n    IdentityFile ~/.ssh/id_ed25519\n"
                + "    IdentitiesOnly yes\n\nHost sb-two\n    HostName labs.example.org\n    User sb-two\n"
                + "    IdentityFile=~/.ssh/id_ed25519\n";

        String block = SshConfigFile.block("sb-two", gatewayAndAlias, KEY);

        assertThat(block).contains("Host labs.example.org\n    Port 2222\n    IdentityFile " + KEY + "\n    IdentitiesOnly yes\n\n"
                + "Host sb-two\n    HostName labs.example.org\n    User sb-two\n    IdentityFile " + KEY + "\nHost *\n");
    }

    @Test
    void startingTheSameSandboxAgainReplacesItsBlockInPlaceNeverTwice() {
        String other = SshConfigFile.block("sb-other", "Host sb-other\n    User sb-other\n", KEY);
        String config = SshConfigFile.withBlock(SshConfigFile.withBlock(LEARNERS_OWN, "sb-one",
                SshConfigFile.block("sb-one", SERVICE_BLOCK, KEY)), "sb-other", other);
        String moved = SshConfigFile.block("sb-one", SERVICE_BLOCK.replace("2222", "2200"), KEY);

        String again = SshConfigFile.withBlock(config, "sb-one", moved);

        assertThat(again).isEqualTo(other + moved + LEARNERS_OWN);
        assertThat(SshConfigFile.sandboxes(again)).containsExactly("sb-other", "sb-one");
        assertThat(again.split("# >>> labfleet sb-one ", -1)).hasSize(2);
        assertThat(SshConfigFile.withoutBlock(SshConfigFile.withoutBlock(again, "sb-one"), "sb-other")).isEqualTo(LEARNERS_OWN);
    }

    @Test
    void removingTouchesOnlyThatSandboxAndNothingWhenItHasNoBlock() {
        String config = SshConfigFile.withBlock(LEARNERS_OWN, "sb-one", SshConfigFile.block("sb-one", SERVICE_BLOCK, KEY));

        assertThat(SshConfigFile.withoutBlock(config, "sb-on")).isEqualTo(config);
        assertThat(SshConfigFile.withoutBlock(LEARNERS_OWN, "sb-one")).isEqualTo(LEARNERS_OWN);
        assertThat(SshConfigFile.hasBlock(config, "sb-one")).isTrue();
        assertThat(SshConfigFile.hasBlock(config, "sb-on")).isFalse();
    }

    /** A marker quoted in the learner's own comment, not at the start of a line, is not a block. */
    @Test
    void onlyMarkersAtTheStartOfALineCount() {
        String quoting = "# see '# >>> labfleet sb-one (x) >>>' and '# <<< labfleet sb-one <<<'\nHost a\n";

        assertThat(SshConfigFile.withoutBlock(quoting, "sb-one")).isEqualTo(quoting);
        assertThat(SshConfigFile.sandboxes(quoting)).isEmpty();
    }

    @Test
    void anEmptyFileGetsTheBlockAlone() {
        String block = SshConfigFile.block("sb-one", SERVICE_BLOCK, KEY);

        assertThat(SshConfigFile.withBlock("", "sb-one", block)).isEqualTo(block);
        assertThat(SshConfigFile.withoutBlock(block, "sb-one")).isEmpty();
    }
}
