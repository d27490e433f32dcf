package io.labfleet.provisioner.leases;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;

import java.util.List;
import java.util.function.Predicate;

/** Uid leases: the {@link PoolLeasesContract} on a pool of four uids. */
@Tag("quarkus")
@QuarkusTest
class UidLeasesTest extends PoolLeasesContract<Integer> {

    /** A pool of 4 uids, in a range no other test leases from. */
    private static final RootlessUidPool FOUR = new RootlessUidPool(2_100_000_000, 4);

    @Inject
    UidLeases leases;

    @Override
    protected List<Integer> four() {
        return FOUR.uids();
    }

    @Override
    protected Integer claim(String sandboxId, Predicate<Integer> usable) {
        return leases.claim(FOUR, sandboxId, usable);
    }

    @Override
    protected PoolLeases<Integer> leases() {
        return leases;
    }

    @Override
    protected String exhausted(int leased, int foreign) {
        return "labfleet.docker.rootless-uid-count gives 4 (uids 2100000000-2100000003), " + leased
                + " held by sandboxes" + (foreign > 0 ? " and " + foreign + " run as by containers of other" : ".");
    }
}
