package io.labfleet.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a lab may hand out as learner files, and the shipped labs' instructions pointing at them. */
class LearnerFilesTest {

    private static final Pattern MENTIONED_FOLDER = Pattern.compile("`([A-Za-z0-9_.-]+/)`");

    @TempDir
    Path labs;

    @Test
    void readsTheDeclaredFoldersAndFilesWithTheirParentsInNameOrder() throws IOException {
        Path folder = lab("files: [app/src/, compose.yml]");
        Files.createDirectories(folder.resolve("app/src"));
        Files.writeString(folder.resolve("app/src/main.go"), "package main\n");
        Files.writeString(folder.resolve("app/secret-notes.txt"), "not declared");
        Files.writeString(folder.resolve("compose.yml"), "services: {}\n");
        Files.writeString(folder.resolve("run.sh"), "#!/bin/sh\n");

        Lab lab = new LabCatalogLoader().loadLab(folder);

        assertThat(LearnerFiles.read(lab)).extracting(LearnerFiles.Entry::path)
                .containsExactly("app/", "app/src/", "app/src/main.go", "compose.yml");
        assertThat(LearnerFiles.read(lab).get(2).content()).asString().isEqualTo("package main\n");
    }

    @Test
    void theTestsScriptsCannotBeDeclaredNorHideInADeclaredFolder() throws IOException {
        Path folder = lab("files: [solution.sh, variants/, ./, app/, ../other/, missing/, lab.yaml, link]");
        Files.createDirectories(folder.resolve("variants"));
        Files.writeString(folder.resolve("variants/short.sh"), "#!/bin/sh\n. ./app/helpers.sh\n");
        Files.createDirectories(folder.resolve("app"));
        Files.writeString(folder.resolve("app/helpers.sh"), "build() { :; }\n");
        Files.createSymbolicLink(folder.resolve("link"), Path.of("/etc/passwd"));

        assertThatThrownBy(() -> new LabCatalogLoader().loadLab(folder))
                .isInstanceOf(LabCatalogException.class)
                .hasMessageContaining(folder.resolve("lab.yaml").toString())
                .hasMessageContaining("files: 'solution.sh' holds solution.sh, a script of the tests")
                .hasMessageContaining("files: 'variants/' holds variants, a script of the tests")
                .hasMessageContaining("files: './' must be a path inside the lab's folder")
                .hasMessageContaining("files: 'app/' holds app/helpers.sh, a script of the tests")
                .hasMessageContaining("files: '../other/' must be a path inside the lab's folder")
                .hasMessageContaining("files: 'missing/' does not exist")
                .hasMessageContaining("files: 'lab.yaml' is the lab's metadata")
                .hasMessageContaining("files: 'link' holds a symbolic link");
    }

    @Test
    void aLabDeclaresNoFilesByDefault() throws IOException {
        Path folder = lab("");
        Files.writeString(folder.resolve("compose.yml"), "services: {}\n");

        assertThat(new LabCatalogLoader().loadLab(folder).files()).isEmpty();
    }

    /**
     * A folder of the lab that the instructions name (`app/`) is declared, and the instructions link it to the
     * archive at least once, in every language they are written in.
     */
    @Test
    void instructionsThatMentionALabFolderLinkToTheLabsFiles() throws IOException {
        for (Lab lab : new LabCatalogLoader().load(Path.of("labs"))) {
            String link = "](/api/v1/labs/" + lab.id() + "/files)";
            for (String text : Stream.of(lab.instructions().fr(), lab.instructions().en()).filter(t -> t != null).toList()) {
                Matcher mention = MENTIONED_FOLDER.matcher(text);
                while (mention.find()) {
                    String folder = mention.group(1);
                    if (Files.isDirectory(lab.folder().resolve(folder))) {
                        assertThat(lab.files()).as(lab.id() + " declares " + folder + ", which its instructions name")
                                .contains(folder);
                        assertThat(text).as(lab.id() + " links " + folder + " to its files").contains("[`" + folder + "`" + link);
                    }
                }
            }
        }
    }

    private Path lab(String filesLine) throws IOException {
        Path folder = Files.createDirectories(labs.resolve("demo"));
        Files.writeString(folder.resolve("lab.yaml"), """
                id: demo
                part: 4
                chapter: 1
                title: {fr: Démo}
                durationMinutes: 10
                %s
                checks:
                  - id: a
                    title: {fr: A}
                    type: image
                    with: {name: demo}
                """.formatted(filesLine));
        Files.writeString(folder.resolve("instructions.fr.md"), "# demo");
        Files.writeString(folder.resolve("solution.sh"), "#!/bin/sh\n");
        return folder;
    }
}
