package io.labfleet.provisioner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;
import io.labfleet.config.DockerConfig;
import io.labfleet.config.LabfleetConfig;
import io.labfleet.provisioner.SandboxLabels;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Decides which {@link IsolationProfile} sandbox containers get: the configured one, or with {@code auto} the
 * one this host supports, found at start-up by trying it (and again at the first sandbox if the engine or the
 * image was not there yet).
 */
@ApplicationScoped
public class IsolationDetector {

    private static final Logger LOG = Logger.getLogger(IsolationDetector.class);
    private static final String AUTO = "auto";
    private static final int TRIAL_SECONDS = 30;

    private final DockerEngine engine;
    private final DockerConfig config;
    private final Optional<IsolationProfile> configured;
    private volatile IsolationProfile chosen;

    IsolationDetector(DockerEngine engine, DockerConfig config) {
        this.engine = engine;
        this.config = config;
        this.configured = AUTO.equalsIgnoreCase(config.isolation().trim()) ? Optional.empty()
                : Optional.of(IsolationProfile.fromConfig(config.isolation()));
    }

    void detectAtStartup(@Observes StartupEvent event, LabfleetConfig labfleet) {
        if (!DockerSandboxProvisioner.BACKEND.equals(labfleet.provisioner().backend())) {
            return;
        }
        try {
            profile();
        } catch (RuntimeException e) {
            LOG.warnf("Could not detect the isolation profile at start-up (%s); trying again at the first sandbox",
                    e.getMessage());
        }
    }

    /** The profile for new sandbox containers. */
    public IsolationProfile profile() {
        IsolationProfile profile = chosen;
        if (profile == null) {
            synchronized (this) {
                if (chosen == null) {
                    chosen = configured.orElseGet(this::detect);
                    LOG.infof("Sandbox containers use the %s isolation profile (labfleet.docker.isolation=%s)",
                            chosen.configName(), config.isolation());
                }
                profile = chosen;
            }
        }
        return profile;
    }

    private IsolationProfile detect() {
        DockerClient docker = engine.host();
        Map<String, ?> runtimes = docker.infoCmd().exec().getRuntimes();
        if (runtimes != null && runtimes.containsKey(IsolationProfile.SYSBOX_RUNTIME)) {
            return IsolationProfile.SYSBOX;
        }
        if (starts(docker, IsolationProfile.PRIVILEGED)) {
            return IsolationProfile.PRIVILEGED;
        }
        LOG.infof("A privileged container cannot start on this host; using the unprivileged profile");
        return IsolationProfile.UNPRIVILEGED;
    }

    /** Whether a short-lived container of the sandbox image starts and exits cleanly with the profile. */
    private boolean starts(DockerClient docker, IsolationProfile profile) {
        HostConfig host = HostConfig.newHostConfig().withNetworkMode("none");
        profile.applyTo(host);
        CreateContainerResponse trial;
        try {
            trial = docker.createContainerCmd(config.image())
                    .withName(DockerSandboxModel.name(config.installation(), "isolation-trial-" + System.nanoTime()))
                    .withLabels(Map.of(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER,
                            SandboxLabels.INSTALLATION, config.installation()))
                    .withEntrypoint("true")
                    .withHostConfig(host)
                    .exec();
        } catch (NotFoundException e) {
            throw new IllegalStateException("The sandbox image " + config.image() + " is not on the Docker host", e);
        }
        try {
            docker.startContainerCmd(trial.getId()).exec();
            Integer exit = docker.waitContainerCmd(trial.getId()).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(TRIAL_SECONDS, TimeUnit.SECONDS);
            return exit != null && exit == 0;
        } catch (DockerException | DockerClientException e) {
            LOG.debugf("The %s trial container did not start: %s", profile.configName(), e.getMessage());
            return false;
        } finally {
            docker.removeContainerCmd(trial.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
    }
}
