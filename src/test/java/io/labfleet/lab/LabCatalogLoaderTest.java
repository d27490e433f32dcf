package io.labfleet.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabCatalogLoaderTest {

    private final LabCatalogLoader loader = new LabCatalogLoader();

    @TempDir
    Path labs;

    @Test
    void loadsTheShippedLabs() {
        List<Lab> shipped = loader.load(Path.of("labs"));

        Lab lifecycle = shipped.stream().filter(l -> l.id().equals("p3-container-lifecycle")).findFirst().orElseThrow();
        assertThat(lifecycle.part()).isEqualTo(3);
        assertThat(lifecycle.chapter()).isEqualTo(1);
        assertThat(lifecycle.images()).containsExactly("nginx:latest");
        assertThat(lifecycle.instructions().fr()).contains("mon-web");
        assertThat(lifecycle.title().in(Locale.ENGLISH)).isEqualTo("The container lifecycle");
        assertThat(lifecycle.checks()).extracting(CheckDefinition::id)
                .containsExactly("mon-web-started", "mon-web-stopped", "mon-web-removed", "mon-web-gone");
        assertThat(Files.isExecutable(lifecycle.solution())).isTrue();
    }

    @Test
    void namesTheFaultyFileAndEveryFaultInIt() throws IOException {
        writeLab("broken", """
                id: broken
                part: 12
                chapter: 1
                title: {fr: Cassé}
                durationMinutes: 10
                checks:
                  - id: a
                    title: {fr: A}
                    type: container-magic
                  - id: a
                    title: {fr: B}
                    type: volume
                  - id: c
                    title: {fr: C}
                    type: container-absent
                  - id: d
                    title: {fr: D}
                    type: container
                    with: {name: web, imgae: nginx}
                """);

        assertThatThrownBy(() -> loader.load(labs))
                .isInstanceOf(LabCatalogException.class)
                .hasMessageContaining(labs.resolve("broken/lab.yaml").toString())
                .hasMessageContaining("part must be 1 to 10")
                .hasMessageContaining("checks[0].type 'container-magic' is unknown")
                .hasMessageContaining("checks[1].id 'a' is used twice")
                .hasMessageContaining("checks[1].with.name is required by type volume")
                .hasMessageContaining("checks[2].with needs at least one of [image, name, state] for type container-absent")
                .hasMessageContaining("checks[3].with.imgae is not a parameter of type container");
    }

    @Test
    void refusesAMisspelledField() throws IOException {
        writeLab("typo", """
                id: typo
                part: 3
                chapter: 1
                titel: {fr: Faute}
                durationMinutes: 10
                checks: []
                """);

        assertThatThrownBy(() -> loader.load(labs))
                .hasMessageContaining("typo/lab.yaml").hasMessageContaining("titel");
    }

    @Test
    void requiresFrenchInstructionsAndASolution() throws IOException {
        Path folder = labs.resolve("bare");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("lab.yaml"), """
                id: bare
                part: 3
                chapter: 1
                title: {fr: Nu}
                durationMinutes: 10
                checks:
                  - {id: a, title: {fr: A}, type: daemon}
                """);

        assertThatThrownBy(() -> loader.load(labs))
                .hasMessageContaining("instructions.fr.md is missing").hasMessageContaining("solution.sh");
    }

    @Test
    void refusesAnIdThatDiffersFromItsFolder() throws IOException {
        writeLab("folder-name", """
                id: other-name
                part: 3
                chapter: 1
                title: {fr: X}
                durationMinutes: 10
                checks:
                  - {id: a, title: {fr: A}, type: daemon}
                """);

        assertThatThrownBy(() -> loader.load(labs)).hasMessageContaining("must equal the folder name 'folder-name'");
    }

    @Test
    void readsALabsWarmPoolAndRefusesOneOutOfRange() throws IOException {
        writeLab("pooled", """
                id: pooled
                part: 3
                chapter: 1
                title: {fr: X}
                durationMinutes: 10
                warmPool: 3
                checks:
                  - {id: a, title: {fr: A}, type: daemon}
                """);
        assertThat(loader.load(labs)).singleElement().extracting(Lab::warmPool).isEqualTo(3);
        assertThat(loader.load(Path.of("labs"))).extracting(Lab::warmPool).as("shipped labs keep none").containsOnly(0);

        writeLab("greedy", """
                id: greedy
                part: 3
                chapter: 2
                title: {fr: X}
                durationMinutes: 10
                warmPool: 101
                checks:
                  - {id: a, title: {fr: A}, type: daemon}
                """);
        assertThatThrownBy(() -> loader.load(labs))
                .hasMessageContaining("greedy/lab.yaml").hasMessageContaining("warmPool must be 0 to 100, got 101");
    }

    @Test
    void refusesAnImageDockerCannotNameAndSaysWhichLabAndImage() throws IOException {
        writeLab("bad-images", """
                id: bad-images
                part: 3
                chapter: 1
                title: {fr: X}
                durationMinutes: 10
                images: ["alpine:3.20", "Nginx:1.27", "nginx:-beta"]
                checks:
                  - {id: a, title: {fr: A}, type: daemon}
                """);

        assertThatThrownBy(() -> loader.load(labs))
                .isInstanceOf(LabCatalogException.class)
                .hasMessageContaining(labs.resolve("bad-images/lab.yaml").toString())
                .hasMessageContaining("images[1]: 'Nginx:1.27' is not an image reference (names are lower-case)")
                .hasMessageContaining("images[2]: 'nginx:-beta' has an invalid tag")
                .hasMessageNotContaining("alpine");
    }

    private void writeLab(String id, String yaml) throws IOException {
        Path folder = labs.resolve(id);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("lab.yaml"), yaml);
        Files.writeString(folder.resolve("instructions.fr.md"), "# " + id);
        Files.writeString(folder.resolve("solution.sh"), "#!/bin/sh\n");
    }
}
