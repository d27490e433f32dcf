package io.labfleet.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A lab's setup commands: read as a person types them, refused at load time when the service cannot apply them. */
class SetupCommandTest {

    @Test
    void readsADetachedRunWithItsOptionsAndQuotedCommand() {
        SetupCommand command = SetupCommand.parse("docker run -d --name api --restart=always -p 127.0.0.1:8080:80/tcp"
                + " --network app-net -e 'MESSAGE=base introuvable' --env=MODE=prod -m 64m -v donnees:/data:ro"
                + " --label role=panne busybox sh -c \"echo \\\"\\$MESSAGE\\\" >&2; exit 1\"");

        assertThat(command).isEqualTo(new SetupCommand.ContainerRun(command.text(), "api", "busybox",
                List.of("sh", "-c", "echo \"$MESSAGE\" >&2; exit 1"), List.of("127.0.0.1:8080:80/tcp"), "app-net",
                "always", Map.of("MESSAGE", "base introuvable", "MODE", "prod"), "64m", List.of("donnees:/data:ro"),
                Map.of("role", "panne")));
    }

    @Test
    void readsNetworksAndVolumes() {
        assertThat(SetupCommand.parse("docker network create --internal --driver=bridge app-net"))
                .isEqualTo(new SetupCommand.NetworkCreate("docker network create --internal --driver=bridge app-net",
                        "app-net", "bridge", true));
        assertThat(SetupCommand.parse("docker volume create donnees"))
                .isEqualTo(new SetupCommand.VolumeCreate("docker volume create donnees", "donnees"));
        assertThat(SetupCommand.parse("docker container run --detach nginx"))
                .isInstanceOfSatisfying(SetupCommand.ContainerRun.class, run -> {
                    assertThat(run.name()).isNull();
                    assertThat(run.command()).isEmpty();
                });
    }

    @Test
    void refusesWhatItCannotApply() {
        assertThatThrownBy(() -> SetupCommand.parse("docker run --name api busybox"))
                .hasMessageContaining("setup containers run in the background: add -d");
        assertThatThrownBy(() -> SetupCommand.parse("docker run -d --privileged busybox"))
                .hasMessageContaining("option --privileged is not one the setup applies");
        assertThatThrownBy(() -> SetupCommand.parse("docker run -d -p 80 nginx"))
                .hasMessageContaining("-p takes a port like 8080:80, got 80");
        assertThatThrownBy(() -> SetupCommand.parse("docker run -d --restart sometimes busybox"))
                .hasMessageContaining("--restart takes no, always, unless-stopped or on-failure[:N]");
        assertThatThrownBy(() -> SetupCommand.parse("docker exec web true"))
                .hasMessageContaining("the setup applies docker network create, docker volume create and docker run -d only");
        assertThatThrownBy(() -> SetupCommand.parse("rm -rf /")).hasMessageContaining("is not a docker command");
        assertThatThrownBy(() -> SetupCommand.parse("docker volume create --driver x v"))
                .hasMessageContaining("option --driver is not one the setup applies");
        assertThatThrownBy(() -> SetupCommand.parse("docker network create a b")).hasMessageContaining("must end with one name");
        assertThatThrownBy(() -> SetupCommand.parse("docker run -d busybox sh -c 'exit 1")).hasMessageContaining("unclosed quote");
        assertThatThrownBy(() -> SetupCommand.parse("docker run -d --name")).hasMessageContaining("--name needs a value");
    }

    @TempDir
    Path labs;

    @Test
    void theCatalogRefusesASetupItCannotApplyOrWhoseImageIsNotSeeded() throws IOException {
        Path folder = Files.createDirectories(labs.resolve("panne"));
        Files.writeString(folder.resolve("lab.yaml"), """
                id: panne
                part: 10
                chapter: 1
                title: {fr: Panne}
                durationMinutes: 10
                images: [busybox]
                setup:
                  - docker run -d --name ok busybox:latest sleep 1
                  - docker run -d --name web nginx
                  - docker run --name fg busybox true
                checks:
                  - id: a
                    title: {fr: A}
                    type: container
                    with: {name: ok}
                """);
        Files.writeString(folder.resolve("instructions.fr.md"), "# Panne\n");
        Files.writeString(folder.resolve("solution.sh"), "#!/bin/sh\n");

        assertThatThrownBy(() -> new LabCatalogLoader().load(labs))
                .isInstanceOf(LabCatalogException.class)
                .hasMessageContaining("setup[1] runs image nginx, which is not in images (nothing is pulled)")
                .hasMessageContaining("setup[2]: 'docker run --name fg busybox true': setup containers run in the background")
                .hasMessageNotContaining("setup[0]");
    }
}
