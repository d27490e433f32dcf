package io.labfleet.provisioner.leases;

import io.labfleet.provisioner.ProvisioningException;

/** Every uid of the rootless pool is held by a sandbox (or run as by a container of someone else on the engine). */
public class UidPoolExhaustedException extends ProvisioningException {

    public UidPoolExhaustedException(RootlessUidPool pool, int leased, int foreign) {
        super("No free uid is left for the sandbox: labfleet.docker.rootless-uid-count gives " + pool.count()
                + " (" + pool + "), " + leased + " held by sandboxes"
                + (foreign > 0 ? " and " + foreign + " run as by containers of other installations on the Docker host"
                : "") + ". Wait for sandboxes to end, or give the pool more uids (and build the sandbox image for"
                + " them).");
    }
}
