package io.labfleet.validation.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import io.labfleet.config.ValidationConfig;
import io.labfleet.lab.Lab;
import io.labfleet.lab.LabSetup;
import io.labfleet.lab.LabSetupException;
import io.labfleet.lab.SetupCommand;
import io.labfleet.validation.check.ByteSize;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a lab's setup over the Docker API of the sandbox's daemon, as the learner's own {@code docker} commands
 * would: networks, volumes, and containers created then started in the background. Nothing is pulled: a setup image
 * is one the lab lists, which the sandbox was seeded with.
 */
@ApplicationScoped
public class DockerLabSetup implements LabSetup {

    private static final Duration IMAGE_WAIT = Duration.ofSeconds(60);

    private final ValidationConfig config;

    DockerLabSetup(ValidationConfig config) {
        this.config = config;
    }

    @Override
    public void apply(Lab lab, String daemonHost, int daemonPort) {
        if (lab.setup().isEmpty()) {
            return;
        }
        try (DockerClient docker = DockerSandboxDaemon.client(daemonHost, daemonPort, config.checkTimeout(),
                config.maxResponseSize().asLongValue())) {
            for (SetupCommand command : lab.setup()) {
                try {
                    if (command instanceof SetupCommand.ContainerRun run) {
                        awaitImage(docker, run);
                    }
                    apply(docker, command);
                } catch (LabSetupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new LabSetupException(command, DockerSandboxDaemon.failure(e, config.checkTimeout()).getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The seeded images may still be landing in the daemon when it first answers (a load returns before the daemon
     * has stored every image); a setup container waits for its image rather than fail, or worse, make it pull.
     */
    private static void awaitImage(DockerClient docker, SetupCommand.ContainerRun run) {
        long deadline = System.nanoTime() + IMAGE_WAIT.toNanos();
        while (true) {
            try {
                docker.inspectImageCmd(run.image()).exec();
                return;
            } catch (NotFoundException e) {
                if (System.nanoTime() > deadline) {
                    throw new LabSetupException(run, "the image " + run.image() + " is not in the sandbox", e);
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabSetupException(run, "interrupted while waiting for the image " + run.image(), e);
            }
        }
    }

    private static void apply(DockerClient docker, SetupCommand command) {
        if (command instanceof SetupCommand.NetworkCreate network) {
            docker.createNetworkCmd().withName(network.name()).withDriver(network.driver())
                    .withInternal(network.internal()).exec();
        } else if (command instanceof SetupCommand.VolumeCreate volume) {
            docker.createVolumeCmd().withName(volume.name()).exec();
        } else if (command instanceof SetupCommand.ContainerRun run) {
            docker.startContainerCmd(create(docker, run)).exec();
        }
    }

    private static String create(DockerClient docker, SetupCommand.ContainerRun run) {
        Ports bindings = new Ports();
        List<ExposedPort> exposed = new ArrayList<>();
        for (String port : run.ports()) {
            String[] protocol = port.split("/");
            String[] parts = protocol[0].split(":");
            ExposedPort target = new ExposedPort(Integer.parseInt(parts[parts.length - 1]),
                    protocol.length > 1 ? InternetProtocol.parse(protocol[1]) : InternetProtocol.TCP);
            String hostPort = parts[parts.length - 2];
            bindings.bind(target, parts.length == 3 ? Ports.Binding.bindIpAndPort(parts[0], Integer.parseInt(hostPort))
                    : Ports.Binding.bindPort(Integer.parseInt(hostPort)));
            exposed.add(target);
        }
        HostConfig host = HostConfig.newHostConfig().withPortBindings(bindings)
                .withBinds(run.volumes().stream().map(Bind::parse).toList());
        if (run.network() != null) {
            host.withNetworkMode(run.network());
        }
        if (run.restart() != null) {
            host.withRestartPolicy(RestartPolicy.parse(run.restart()));
        }
        if (run.memory() != null) {
            host.withMemory(ByteSize.memory(run.memory()));
        }
        var create = docker.createContainerCmd(run.image()).withHostConfig(host).withExposedPorts(exposed)
                .withEnv(run.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withLabels(run.labels());
        if (run.name() != null) {
            create.withName(run.name());
        }
        if (!run.command().isEmpty()) {
            create.withCmd(run.command());
        }
        return create.exec().getId();
    }
}
