package io.labfleet.validation;

import io.labfleet.lab.Lab;
import io.labfleet.lab.LabSetup;
import io.labfleet.lab.LabSetupException;
import io.labfleet.lab.SetupCommand;
import io.labfleet.lab.Text;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.DockerSandboxes;
import io.labfleet.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A lab's setup on a real sandbox of the Docker backend: every option the setup understands makes what the same
 * {@code docker} command makes, and a command the daemon refuses is named with the daemon's reason. (The labs with a
 * setup are played end to end, through the service, by {@link LabsIT}.)
 */
@Tag("engine")
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
class LabSetupIT extends ApiTest {

    /** A lab whose sandboxes hold both nginx and busybox. */
    private static final String LAB = "p3-prune";

    @Inject
    LabSetup setup;

    private static Lab labWithSetup(String... commands) {
        return new Lab("setup-it", 10, 1, Text.of("Setup", "Setup"), Text.of("Setup", "Setup"), Duration.ofMinutes(10),
                List.of("nginx:latest", "busybox:latest"), Arrays.stream(commands).map(SetupCommand::parse).toList(), List.of(), Text.of("", ""), Path.of("labs"));
    }

    @Test
    void everyOptionMakesWhatTheSameDockerCommandMakes() {
        String owner = Tokens.learner(freshTenant("setup"), "setup");
        String sandboxId = DockerSandboxes.createReady(owner, LAB, null);
        Sandbox sandbox = QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(sandboxId));
        SandboxShell docker = new SandboxShell(sandbox.daemonHost, sandbox.daemonPort);

        setup.apply(labWithSetup(
                "docker network create --internal coulisses",
                "docker volume create archives",
                "docker run -d --name vitrine -p 127.0.0.1:8080:80 --label role=vitrine nginx",
                "docker run --detach --name=batch --network coulisses --restart on-failure:3 -e 'MESSAGE=base introuvable'"
                        + " --memory 64m -v archives:/archives:ro busybox sh -c \"echo \\\"$MESSAGE\\\"; sleep 600\""),
                sandbox.daemonHost, sandbox.daemonPort);

        assertThat(docker.docker("network", "inspect", "-f", "{{.Internal}}", "coulisses")).isEqualTo("true");
        assertThat(docker.docker("volume", "ls", "-q")).contains("archives");
        assertThat(docker.docker("inspect", "-f", "{{.State.Status}} {{json .HostConfig.PortBindings}} {{.Config.Labels.role}}",
                "vitrine")).isEqualTo("running {\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"}]} vitrine");
        assertThat(docker.docker("inspect", "-f", "{{.HostConfig.NetworkMode}} {{.HostConfig.RestartPolicy.Name}}:"
                + "{{.HostConfig.RestartPolicy.MaximumRetryCount}} {{.HostConfig.Memory}}", "batch"))
                .isEqualTo("coulisses on-failure:3 67108864");
        assertThat(docker.docker("inspect", "-f", "{{json .Config.Env}}", "batch")).contains("\"MESSAGE=base introuvable\"");
        assertThat(docker.docker("inspect", "-f", "{{range .Mounts}}{{.Name}}:{{.Destination}}:{{.RW}}{{end}}", "batch"))
                .isEqualTo("archives:/archives:false");
        Await.until(Duration.ofSeconds(10), () -> docker.docker("logs", "batch"), "base introuvable"::equals,
                "batch to print its message");

        assertThatThrownBy(() -> setup.apply(labWithSetup("docker run -d --name vitrine nginx"), sandbox.daemonHost,
                sandbox.daemonPort))
                .isInstanceOf(LabSetupException.class)
                .hasMessageContaining("The lab's setup failed at 'docker run -d --name vitrine nginx': the daemon refused:")
                .hasMessageContaining("is already in use");
        as(owner).delete("/api/v1/sandboxes/" + sandboxId).then().statusCode(202);
    }
}
