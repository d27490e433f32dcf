package io.labfleet.provisioner.docker;

import io.labfleet.provisioner.docker.SubnetPool.Subnet;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
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
 * Subnet leases in the real database (PostgreSQL), claimed at the same moment by many threads as replicas would: each
 * subnet goes to one sandbox only, and a full pool says so.
 */
@Tag("quarkus")
@QuarkusTest
class SubnetLeasesTest {

    /** A pool of 4 subnets, in a range no other test leases from. */
    private static final SubnetPool FOUR = SubnetPool.of("10.254.7.0/26", 28).orElseThrow();

    @Inject
    SubnetLeases leases;

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
    void twentySimultaneousClaimsOnAPoolOfFourGiveFourDistinctSubnetsAndSixteenClearRefusals() throws Exception {
        int claims = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(claims);
        List<Future<Subnet>> answers = new ArrayList<>();
        for (int i = 0; i < claims; i++) {
            String sandboxId = sandbox(i);
            answers.add(threads.submit((Callable<Subnet>) () -> {
                start.await();
                return leases.claim(FOUR, sandboxId, subnet -> true);
            }));
        }
        start.countDown();
        List<Subnet> granted = new ArrayList<>();
        List<Throwable> refused = new ArrayList<>();
        for (Future<Subnet> answer : answers) {
            try {
                granted.add(answer.get(60, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                refused.add(e.getCause());
            }
        }
        threads.shutdown();

        assertThat(granted).containsExactlyInAnyOrderElementsOf(FOUR.subnets());
        assertThat(refused).hasSize(16).allSatisfy(refusal -> assertThat(refusal)
                .isInstanceOf(SubnetPoolExhaustedException.class)
                .hasMessageContaining("labfleet.docker.subnet-pool 10.254.7.0/26 in /28s holds 4 networks, 4 held"));
    }

    @Test
    void aSandboxKeepsItsSubnetWhenProvisioningIsRepeatedAndAReleasedSubnetIsHandedOutAgain() {
        String first = sandbox(1);
        Subnet subnet = leases.claim(FOUR, first, s -> true);

        assertThat(leases.claim(FOUR, first, s -> true)).isEqualTo(subnet);
        assertThat(leases.leaseOf(first)).contains(subnet);

        List<String> others = List.of(sandbox(2), sandbox(3), sandbox(4));
        others.forEach(id -> leases.claim(FOUR, id, s -> true));
        assertThatThrownBy(() -> leases.claim(FOUR, sandbox(5), s -> true))
                .isInstanceOf(SubnetPoolExhaustedException.class);

        leases.release(first);
        assertThat(leases.leaseOf(first)).isEmpty();
        assertThat(leases.claim(FOUR, sandbox(6), s -> true)).isEqualTo(subnet);
    }

    @Test
    void subnetsOtherNetworksOverlapAreNeverHandedOutAndCountInTheRefusal() {
        Subnet taken = FOUR.subnet(2);

        List<Subnet> granted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            granted.add(leases.claim(FOUR, sandbox(i), subnet -> !subnet.overlaps(taken)));
        }

        assertThat(granted).doesNotContain(taken).hasSize(3).doesNotHaveDuplicates();
        assertThatThrownBy(() -> leases.claim(FOUR, sandbox(9), subnet -> !subnet.overlaps(taken)))
                .hasMessageContaining("3 held by sandboxes and 1 overlapping other networks on the Docker host");
    }
}
