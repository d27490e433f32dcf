package io.labfleet.provisioner.docker;

import io.labfleet.provisioner.SandboxLabels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which uids count as others': those the containers of other installations on the engine run as. */
class SandboxUidsTest {

    @Test
    void othersUidsAreThoseContainersOfOtherInstallationsRunAs() {
        assertThat(SandboxUids.foreignUids("ours", List.of(
                Map.of(SandboxLabels.INSTALLATION, "theirs", DockerSandboxModel.UID_LABEL, "2100000002"),
                Map.of(SandboxLabels.INSTALLATION, "ours", DockerSandboxModel.UID_LABEL, "2100000001"),
                Map.of(SandboxLabels.INSTALLATION, "theirs", DockerSandboxModel.UID_LABEL, "not a uid"))))
                .as("our own sandboxes are known by their leases").containsExactly(2_100_000_002);
    }
}
