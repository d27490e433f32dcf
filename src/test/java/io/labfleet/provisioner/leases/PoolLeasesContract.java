package io.labfleet.provisioner.leases;

import org.junit.jupiter.api.AfterEach;
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
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every pool leased through the database ({@link PoolLeases}) promises, in the real database (PostgreSQL),
 * with claims at the same moment from many threads as replicas would make them: each member goes to one sandbox
 * only, a repeated claim keeps it, a teardown gives it back, a member others use is never handed out, and a full
 * pool says so. Each pool's suite runs it on four members no other test leases.
 *
 * @param <M> the pool's members
 */
public abstract class PoolLeasesContract<M> {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> sandboxes = new ArrayList<>();

    /** Four members no other test leases from, in order. */
    protected abstract List<M> four();

    protected abstract M claim(String sandboxId, Predicate<M> usable);

    protected abstract PoolLeases<M> leases();

    /** What the refusal of a full pool says, with {@code leased} held by sandboxes and {@code foreign} by others. */
    protected abstract String exhausted(int leased, int foreign);

    @AfterEach
    void releaseEverything() {
        sandboxes.forEach(leases()::release);
    }

    private String sandbox(int i) {
        String id = "sb-" + run + "-" + i;
        sandboxes.add(id);
        return id;
    }

    @Test
    void twentySimultaneousClaimsOnAPoolOfFourGiveFourDistinctMembersAndSixteenClearRefusals() throws Exception {
        int claims = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(claims);
        List<Future<M>> answers = new ArrayList<>();
        for (int i = 0; i < claims; i++) {
            String sandboxId = sandbox(i);
            answers.add(threads.submit((Callable<M>) () -> {
                start.await();
                return claim(sandboxId, member -> true);
            }));
        }
        start.countDown();
        List<M> granted = new ArrayList<>();
        List<Throwable> refused = new ArrayList<>();
        for (Future<M> answer : answers) {
            try {
                granted.add(answer.get(60, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                refused.add(e.getCause());
            }
        }
        threads.shutdown();

        assertThat(granted).containsExactlyInAnyOrderElementsOf(four());
        assertThat(refused).hasSize(16).allSatisfy(refusal -> assertThat(refusal).hasMessageContaining(exhausted(4, 0)));
    }

    @Test
    void aSandboxKeepsItsMemberWhenProvisioningIsRepeatedAndAReleasedMemberIsHandedOutAgain() {
        String first = sandbox(1);
        M member = claim(first, free -> true);

        assertThat(claim(first, free -> true)).isEqualTo(member);
        assertThat(leases().leaseOf(first)).contains(member);
        assertThat(leases().sandboxesHolding()).contains(first);

        List.of(sandbox(2), sandbox(3), sandbox(4)).forEach(id -> claim(id, free -> true));
        assertThatThrownBy(() -> claim(sandbox(5), free -> true)).hasMessageContaining(exhausted(4, 0));

        leases().release(first);
        assertThat(leases().leaseOf(first)).isEmpty();
        assertThat(leases().sandboxesHolding()).doesNotContain(first);
        assertThat(claim(sandbox(6), free -> true)).isEqualTo(member);
    }

    @Test
    void membersOthersUseAreNeverHandedOutAndCountInTheRefusal() {
        M taken = four().get(2);

        List<M> granted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            granted.add(claim(sandbox(i), member -> !member.equals(taken)));
        }

        assertThat(granted).doesNotContain(taken).hasSize(3).doesNotHaveDuplicates();
        assertThatThrownBy(() -> claim(sandbox(9), member -> !member.equals(taken)))
                .hasMessageContaining(exhausted(3, 1));
    }
}
