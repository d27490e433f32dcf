package io.labfleet.provisioner.docker;

import io.labfleet.provisioner.ProvisioningException;

/** Every subnet of the pool is held by a sandbox network (or by a network of someone else on the engine). */
public class SubnetPoolExhaustedException extends ProvisioningException {

    public SubnetPoolExhaustedException(SubnetPool pool, int leased, int foreign) {
        super("No free subnet is left for the sandbox's network: labfleet.docker.subnet-pool " + pool + " holds "
                + pool.size() + " networks, " + leased + " held by sandboxes"
                + (foreign > 0 ? " and " + foreign + " overlapping other networks on the Docker host" : "")
                + ". Wait for sandboxes to end, or give the pool a larger range.");
    }
}
