package io.labfleet.provisioner.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import io.labfleet.config.DockerConfig;
import io.labfleet.config.LabfleetConfig;
import io.labfleet.provisioner.ProvisioningException;
import io.labfleet.provisioner.SandboxLabels;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Installs {@link FenceRules} on the Docker host, with the engine's own means: a short-lived container of the
 * sandbox image (which has iptables) on the host's network with NET_ADMIN, so it works for a remote engine too and
 * the service itself needs no privilege. Installed at start-up; a sandbox is only provisioned once the fence is in
 * place, so a failure to install it stops new sandboxes with the reason rather than leaving them unfenced.
 */
@ApplicationScoped
public class NetworkFence {

    private static final Logger LOG = Logger.getLogger(NetworkFence.class);
    private static final int INSTALL_SECONDS = 60;
    private static final int OUTPUT_LINES = 20;

    private final DockerEngine engine;
    private final DockerConfig config;
    private final String script;
    private final String backend;
    private volatile boolean installed;

    NetworkFence(DockerEngine engine, DockerConfig config, LabfleetConfig labfleet) {
        this.engine = engine;
        this.config = config;
        this.backend = labfleet.provisioner().backend();
        this.script = FenceRules.script(SandboxResolvers.of(config), config.outboundNetwork());
    }

    void installAtStartup(@Observes StartupEvent event) {
        if (!DockerSandboxProvisioner.BACKEND.equals(backend)) {
            return;
        }
        if (!config.networkFence()) {
            LOG.warn("The network fence is off (labfleet.docker.network-fence=false): unless the host's firewall"
                    + " does the same, sandboxes can reach the host's ports, private networks and each other");
            return;
        }
        try {
            requireInstalled();
        } catch (RuntimeException e) {
            LOG.errorf("%s New sandboxes wait for it; the next one tries again.", e.getMessage());
        }
    }

    /**
     * Installs the fence again every few minutes: it lives in the host's iptables, which a host reboot or an operator
     * flushing the tables empties while sandboxes (restarted by their restart policy) keep running. Idempotent.
     */
    @Scheduled(every = "5m", delayed = "5m", identity = "network-fence-check",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void reinstallPeriodically() {
        if (!DockerSandboxProvisioner.BACKEND.equals(backend) || !config.networkFence()) {
            return;
        }
        synchronized (this) {
            installed = false;
        }
        try {
            requireInstalled();
        } catch (RuntimeException e) {
            LOG.errorf("%s New sandboxes wait for it; the next one tries again.", e.getMessage());
        }
    }

    /**
     * Installs the fence unless it already is (or is turned off).
     *
     * @throws ProvisioningException saying why it could not be installed
     */
    public void requireInstalled() {
        if (installed || !config.networkFence()) {
            return;
        }
        synchronized (this) {
            if (!installed) {
                install();
                installed = true;
            }
        }
    }

    private void install() {
        DockerClient docker = engine.host();
        String name = DockerSandboxModel.name(config.installation(), "network-fence");
        removeIfPresent(docker, name);
        try {
            String id = docker.createContainerCmd(config.image())
                    .withName(name)
                    .withUser("0")
                    .withLabels(Map.of(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGER,
                            SandboxLabels.INSTALLATION, config.installation()))
                    .withEntrypoint("sh", "-c", script)
                    .withCmd(new String[0])
                    // A tmpfs where the image declares its data volume: the helper leaves no anonymous volume.
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("host")
                            .withCapAdd(Capability.NET_ADMIN, Capability.NET_RAW)
                            .withTmpFs(Map.of(DockerSandboxModel.DOCKER_DATA, "")))
                    .exec().getId();
            docker.startContainerCmd(id).exec();
            Integer exit = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(INSTALL_SECONDS, TimeUnit.SECONDS);
            String output = output(docker, id);
            if (exit == null || exit != 0) {
                throw new ProvisioningException("The network fence could not be installed on the Docker host"
                        + " (exit " + exit + "): " + output);
            }
            LOG.infof("Network fence in place on the Docker host (%s): sandboxes reach neither the host nor"
                    + " private ranges%s", output, config.outboundNetwork() ? "" : ", nor the internet");
        } catch (NotFoundException e) {
            throw new ProvisioningException("The network fence needs the sandbox image " + config.image()
                    + " on the Docker host (it runs iptables from it).", e);
        } catch (DockerException e) {
            throw new ProvisioningException("The network fence could not be installed on the Docker host: "
                    + e.getMessage(), e);
        } finally {
            removeIfPresent(docker, name);
        }
    }

    private static String output(DockerClient docker, String id) {
        return String.join("\n", DockerEngine.logTail(docker, id, OUTPUT_LINES));
    }

    private static void removeIfPresent(DockerClient docker, String name) {
        try {
            docker.removeContainerCmd(name).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException absent) {
            LOG.tracef("No %s container to remove", name);
        }
    }
}
