package io.labfleet.sandbox;

import io.labfleet.config.LifecycleConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;

/**
 * This running replica of the service, as it signs its claims on sandboxes ({@link Sandbox#claimedBy}):
 * {@code <replica name>#<boot>}. The name outlives a restart, the boot does not, so a restarted replica knows
 * the claims its previous life left and takes them over without waiting for them to lapse.
 */
@ApplicationScoped
public class Replica {

    private final String name;
    private final String id;
    private final Duration lease;

    Replica(LifecycleConfig config) {
        this.name = config.replicaName().orElseGet(Replica::hostName);
        this.id = name + "#" + UUID.randomUUID().toString().substring(0, 8);
        this.lease = config.claimLease();
    }

    /** What this replica writes in {@link Sandbox#claimedBy}. */
    public String id() {
        return id;
    }

    /** What every claim of this replica, in any of its lives, starts with. */
    public String claimPrefix() {
        return name + "#";
    }

    /** How long a claim holds without renewal. */
    public Duration lease() {
        return lease;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "labfleet";
        }
    }
}
