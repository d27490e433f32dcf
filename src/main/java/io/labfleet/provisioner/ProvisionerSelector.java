package io.labfleet.provisioner;

import io.labfleet.config.LabfleetConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * Exposes the provisioner chosen by {@code labfleet.provisioner.backend}. Each implementation is marked
 * {@code @LookupIfProperty(name = "labfleet.provisioner.backend", stringValue = "<its name>")}, so only the
 * chosen one is ever created; start-up fails at once on a name that none answers to.
 */
@ApplicationScoped
public class ProvisionerSelector {

    public static final String BACKEND_PROPERTY = "labfleet.provisioner.backend";

    private final Instance<SandboxProvisioner> candidates;
    private final LabfleetConfig config;

    ProvisionerSelector(Instance<SandboxProvisioner> candidates, LabfleetConfig config) {
        this.candidates = candidates;
        this.config = config;
    }

    void failFastOnUnknownBackend(@Observes StartupEvent event) {
        active();
    }

    @Produces
    @ActiveBackend
    SandboxProvisioner active() {
        if (candidates.isUnsatisfied()) {
            throw new IllegalStateException(BACKEND_PROPERTY + "=" + config.provisioner().backend()
                    + " names no provisioner; use docker or kubernetes.");
        }
        return candidates.get();
    }
}
