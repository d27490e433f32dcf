package io.labfleet.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code image/lab-images/build} bundles every image a lab names for the Kubernetes backend; it reads lab.yaml with
 * a shell parser, so it is held here to what the service's catalogue reads: an image it missed would leave a
 * sandbox pod without its lab's image (and nothing may be pulled).
 */
class LabImagesBuildTest {

    @TempDir
    Path labs;

    @Test
    void bundlesExactlyTheImagesTheCatalogueReadsFromTheShippedLabs() throws Exception {
        assertThat(bundled(Path.of("labs"))).containsExactlyElementsOf(catalogue(Path.of("labs")));
    }

    @Test
    void readsBlockAndFlowListsQuotedOrCommentedAsTheCatalogueDoes() throws Exception {
        lab("block", """
                images:   # what the sandbox gets
                  - nginx:1.27   # pinned
                  - "team/app:1.0"

                  - 'redis'
                """);
        lab("flow", "images: [alpine:3.20, \"mysql:8.0\", 'registry.example:5000/x/y:2']\n");
        lab("none", "");

        assertThat(bundled(labs)).containsExactlyElementsOf(catalogue(labs))
                .contains("nginx:1.27", "team/app:1.0", "redis", "alpine:3.20", "mysql:8.0",
                        "registry.example:5000/x/y:2");
    }

    private List<String> catalogue(Path directory) {
        TreeSet<String> images = new TreeSet<>(List.of("busybox:latest"));
        new LabCatalogLoader().load(directory).forEach(lab -> images.addAll(lab.images()));
        return List.copyOf(images);
    }

    private static List<String> bundled(Path directory) throws IOException, InterruptedException {
        Process build = new ProcessBuilder("bash", "image/lab-images/build", "--list", "--labs", directory.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(build.exitValue()).isZero();
        return new TreeSet<>(out.lines().toList()).stream().toList();
    }

    private void lab(String id, String imagesPart) throws IOException {
        Path folder = Files.createDirectories(labs.resolve(id));
        Files.writeString(folder.resolve("lab.yaml"), """
                id: %s
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
                """.formatted(id, imagesPart.strip().indent(0)));
        Files.writeString(folder.resolve("instructions.fr.md"), "# demo");
        Files.writeString(folder.resolve("solution.sh"), "#!/bin/sh\n");
    }
}
