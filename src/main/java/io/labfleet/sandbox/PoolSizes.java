package io.labfleet.sandbox;

/** How many sandboxes each lab's warm pool holds, wherever that was set (lab.yaml, configuration, an admin). */
public interface PoolSizes {

    /** The size of the lab's warm pool; 0 when it has none (also for a lab the catalogue does not know). */
    int sizeOf(String labId);
}
