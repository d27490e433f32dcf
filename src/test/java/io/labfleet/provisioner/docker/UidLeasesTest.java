package io.labfleet.provisioner.docker;

import io.labfleet.provisioner.SandboxLabels;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uid leases: the {@link PoolLeasesContract} on a pool of four uids; and which uids count as others' (the containers
 * of other installations on the engine).
 */
@Tag("quarkus")
@QuarkusTest
class UidLeasesTest extends PoolLeasesContract<Integer> {

    /** A pool of 4 uids, in a range no other test leases from. */
    private static final RootlessUidPool FOUR = new RootlessUidPool(2_100_000_000, 4);

    @Inject
    UidLeases leases;

    @Override
    List<Integer> four() {
        return FOUR.uids();
    }

    @Override
    Integer claim(String sandboxId, Predicate<Integer> usable) {
        return leases.claim(FOUR, sandboxId, usable);
    }

    @Override
    PoolLeases<Integer> leases() {
        return leases;
    }

    @Override
    String exhausted(int leased, int foreign) {
        return "labfleet.docker.rootless-uid-count gives 4 (uids 2100000000-2100000003), " + leased
                + " held by sandboxes" + (foreign > 0 ? " and " + foreign + " run as by containers of other" : ".");
    }

    @Test
    void othersUidsAreThoseContainersOfOtherInstallationsRunAs() {
        assertThat(SandboxUids.foreignUids("ours", List.of(
                Map.of(SandboxLabels.INSTALLATION, "theirs", DockerSandboxModel.UID_LABEL, "2100000002"),
                Map.of(SandboxLabels.INSTALLATION, "ours", DockerSandboxModel.UID_LABEL, "2100000001"),
                Map.of(SandboxLabels.INSTALLATION, "theirs", DockerSandboxModel.UID_LABEL, "not a uid"))))
                .as("our own sandboxes are known by their leases").containsExactly(2_100_000_002);
    }
}
