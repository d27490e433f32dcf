package io.labfleet.provisioner.docker;

import io.labfleet.config.DockerConfig;
import io.labfleet.config.LabfleetConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The {@link IsolationProfile} sandbox containers get: {@code rootless} unless the configuration names another
 * ({@code auto} is rootless on every host). Any other profile is logged at start-up as a warning naming what a
 * learner can then do to the host.
 */
@ApplicationScoped
public class SandboxIsolation {

    private static final Logger LOG = Logger.getLogger(SandboxIsolation.class);
    private static final String AUTO = "auto";

    private final IsolationProfile profile;

    SandboxIsolation(DockerConfig config) {
        this.profile = AUTO.equalsIgnoreCase(config.isolation().trim()) ? IsolationProfile.ROOTLESS
                : IsolationProfile.fromConfig(config.isolation());
    }

    void logAtStartup(@Observes StartupEvent event, LabfleetConfig labfleet) {
        if (!DockerSandboxProvisioner.BACKEND.equals(labfleet.provisioner().backend())) {
            return;
        }
        profile.risk().ifPresentOrElse(
                risk -> LOG.warnf("Sandbox containers use the %s isolation profile (labfleet.docker.isolation): %s."
                        + " Use rootless (the default) unless every learner is trusted.", profile.configName(), risk),
                () -> LOG.infof("Sandbox containers use the %s isolation profile", profile.configName()));
    }

    /** The profile for new sandbox containers. */
    public IsolationProfile profile() {
        return profile;
    }
}
