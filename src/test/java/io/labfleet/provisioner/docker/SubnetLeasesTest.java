package io.labfleet.provisioner.docker;

import io.labfleet.provisioner.docker.SubnetPool.Subnet;
import io.labfleet.provisioner.leases.PoolLeases;
import io.labfleet.provisioner.leases.PoolLeasesContract;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;

import java.util.List;
import java.util.function.Predicate;

/** Subnet leases: the {@link PoolLeasesContract} on a pool of four /28s. */
@Tag("quarkus")
@QuarkusTest
class SubnetLeasesTest extends PoolLeasesContract<Subnet> {

    /** A pool of 4 subnets, in a range no other test leases from. */
    private static final SubnetPool FOUR = SubnetPool.of("10.254.7.0/26", 28).orElseThrow();

    @Inject
    SubnetLeases leases;

    @Override
    protected List<Subnet> four() {
        return FOUR.subnets();
    }

    @Override
    protected Subnet claim(String sandboxId, Predicate<Subnet> usable) {
        return leases.claim(FOUR, sandboxId, usable);
    }

    @Override
    protected PoolLeases<Subnet> leases() {
        return leases;
    }

    @Override
    protected String exhausted(int leased, int foreign) {
        return "labfleet.docker.subnet-pool 10.254.7.0/26 in /28s holds 4 networks, " + leased + " held by sandboxes"
                + (foreign > 0 ? " and " + foreign + " overlapping other networks on the Docker host" : ".");
    }
}
