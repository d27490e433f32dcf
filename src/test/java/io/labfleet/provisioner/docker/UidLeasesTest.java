package io.labfleet.provisioner.docker;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Uid leases in the real database (PostgreSQL), claimed at the same moment by many threads as replicas would: each
 * uid goes to one sandbox only, a teardown gives it back, a uid another installation's container runs as is never
 * handed out, and a full pool says so.
 */
@QuarkusTest
class UidLeasesTest {

    /** A pool of 4 uids, in a range no other test leases from. */
    private static final RootlessUidPool FOUR = new RootlessUidPool(2_100_000_000, 4);

    @Inject
    UidLeases leases;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> sandboxes = new ArrayList<>();

    @AfterEach
    void releaseEverything() {
        sandboxes.forEach(leases::release);
    }

    private String sandbox(int i) {
        String id = "sb-" + run + "-" + i;
        sandboxes.add(id);
        return id;
    }

    @Test
    void twentySimultaneousClaimsOnAPoolOfFourGiveFourDistinctUidsAndSixteenClearRefusals() throws Exception {
        int claims = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(claims);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < claims; i++) {
            String sandboxId = sandbox(i);
            answers.add(threads.submit((Callable<Integer>) () -> {
                start.await();
                return leases.claim(FOUR, sandboxId, uid -> true);
            }));
        }
        start.countDown();
        List<Integer> granted = new ArrayList<>();
        List<Throwable> refused = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            try {
                granted.add(answer.get(60, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                refused.add(e.getCause());
            }
        }
        threads.shutdown();

        assertThat(granted).containsExactlyInAnyOrderElementsOf(FOUR.uids());
        assertThat(refused).hasSize(16).allSatisfy(refusal -> assertThat(refusal)
                .isInstanceOf(UidPoolExhaustedException.class)
                .hasMessageContaining("labfleet.docker.rootless-uid-count gives 4 (uids 2100000000-2100000003),"
                        + " 4 held by sandboxes"));
    }

    @Test
    void aSandboxKeepsItsUidWhenProvisioningIsRepeatedAndAReleasedUidIsHandedOutAgain() {
        String first = sandbox(1);
        int uid = leases.claim(FOUR, first, free -> true);

        assertThat(leases.claim(FOUR, first, free -> true)).isEqualTo(uid);
        assertThat(leases.sandboxesHolding()).contains(first);

        List.of(sandbox(2), sandbox(3), sandbox(4)).forEach(id -> leases.claim(FOUR, id, free -> true));
        assertThatThrownBy(() -> leases.claim(FOUR, sandbox(5), free -> true))
                .isInstanceOf(UidPoolExhaustedException.class);

        leases.release(first);
        assertThat(leases.leaseOf(first)).isEmpty();
        assertThat(leases.sandboxesHolding()).doesNotContain(first);
        assertThat(leases.claim(FOUR, sandbox(6), free -> true)).isEqualTo(uid);
    }

    @Test
    void uidsContainersOfOtherInstallationsRunAsAreNeverHandedOutAndCountInTheRefusal() {
        Set<Integer> foreign = SandboxUids.foreignUids("ours", List.of(
                java.util.Map.of("labfleet.io/installation", "theirs", DockerSandboxModel.UID_LABEL, "2100000002"),
                java.util.Map.of("labfleet.io/installation", "ours", DockerSandboxModel.UID_LABEL, "2100000001"),
                java.util.Map.of("labfleet.io/installation", "theirs", DockerSandboxModel.UID_LABEL, "not a uid")));
        assertThat(foreign).as("our own sandboxes are known by their leases").containsExactly(2_100_000_002);

        List<Integer> granted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            granted.add(leases.claim(FOUR, sandbox(i), uid -> !foreign.contains(uid)));
        }

        assertThat(granted).doesNotContain(2_100_000_002).hasSize(3).doesNotHaveDuplicates();
        assertThatThrownBy(() -> leases.claim(FOUR, sandbox(9), uid -> !foreign.contains(uid)))
                .hasMessageContaining("3 held by sandboxes and 1 run as by containers of other installations");
    }
}
