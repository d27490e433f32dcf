package io.labfleet.lifecycle;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Catches up at start-up with what happened while the service was down: sandboxes that expired are torn down,
 * interrupted work is picked up, and leftovers are removed, before the periodic passes take over.
 */
@ApplicationScoped
public class LifecycleStartup {

    private static final Logger LOG = Logger.getLogger(LifecycleStartup.class);

    private final ExpiryReaper reaper;
    private final Reconciler reconciler;

    LifecycleStartup(ExpiryReaper reaper, Reconciler reconciler) {
        this.reaper = reaper;
        this.reconciler = reconciler;
    }

    void onStart(@Observes StartupEvent event) {
        catchUp();
    }

    /** One reaper pass and one reconciler pass; failures are logged, never fatal to the start-up. */
    public void catchUp() {
        try {
            ExpiryReaper.Pass reaped = reaper.reap();
            Reconciler.Pass reconciled = reconciler.reconcile();
            LOG.infof("Start-up lifecycle pass: %d expired, %d idle, %d stuck, %d late with their images, %d"
                            + " provisionings, %d teardowns and %d requests resumed, %d leftovers removed, %d vanished",
                    reaped.expired().size(), reaped.idle().size(), reaped.stuck().size(), reaped.imagesLate().size(),
                    reaped.resumed().size(), reaped.teardownsRetried().size(), reaped.requeued().size(),
                    reconciled.orphansRemoved().size(), reconciled.vanished().size());
        } catch (RuntimeException e) {
            LOG.warnf(e, "The start-up lifecycle pass failed; the periodic passes will catch up");
        }
    }
}
