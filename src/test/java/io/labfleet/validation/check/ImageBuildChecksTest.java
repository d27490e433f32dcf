package io.labfleet.validation.check;

import io.labfleet.lab.CheckDefinition;
import io.labfleet.lab.Text;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The image expectations of the Dockerfile, hardening and multi-architecture labs (parts 4, 8 and 9). */
class ImageBuildChecksTest {

    private static final CheckContext CONTEXT = new CheckContext(Instant.parse("2026-11-28T09:00:00Z"),
            "busybox:latest", Duration.ofSeconds(5));

    private final FakeSandboxDaemon daemon = new FakeSandboxDaemon();

    private CheckOutcome run(Map<String, Object> with) {
        return new CheckCompiler().compile(new CheckDefinition("c", Text.of("C", "C"), "image", with, null))
                .run(daemon, CONTEXT);
    }

    private static String id(char c) {
        return "sha256:" + String.valueOf(c).repeat(64);
    }

    private ImageFacts add(String id, String tag, String user, List<String> entrypoint, List<String> cmd,
                           ImageFacts.Platform platform) {
        ImageFacts image = new ImageFacts(id, List.of(tag), List.of(), 5_000_000, new ImageFacts.Config(user, cmd,
                entrypoint, List.of("PATH=/usr/local/bin:/usr/bin:/bin"), Set.of(), "/app", Map.of(), List.of()), platform);
        daemon.images.add(image);
        return image;
    }

    private ImageFacts add(String id, String tag, List<String> cmd) {
        return add(id, tag, "", List.of(), cmd, ImageFacts.Platform.LINUX_AMD64);
    }

    @Test
    void execFormIsRequiredOfCmdAndEntrypoint() {
        add(id('a'), "signaux:exec", List.of("node", "server.js"));
        add(id('b'), "signaux:shell", List.of("/bin/sh", "-c", "node server.js"));
        add(id('c'), "signaux:entrypoint", "", List.of("/bin/sh", "-c", "node server.js"), List.of(),
                ImageFacts.Platform.LINUX_AMD64);

        assertThat(run(Map.of("name", "signaux:exec", "execForm", true)).status()).isEqualTo(CheckStatus.PASSED);
        assertThat(run(Map.of("name", "signaux:shell", "execForm", true)).message().fr())
                .contains("CMD en forme shell : /bin/sh -c « node server.js » (sh est le PID 1, pas le programme)");
        assertThat(run(Map.of("name", "signaux:entrypoint", "execForm", true)).message().en())
                .contains("ENTRYPOINT in shell form");
    }

    @Test
    void aBuildArgumentMustNotBeLeftInTheEnvironment() {
        daemon.images.add(new ImageFacts(id('a'), List.of("mon-app:arg"), List.of(), 1, new ImageFacts.Config("", List.of(),
                List.of(), List.of("NODE_ENV=production"), Set.of(), "/app", Map.of("version", "2.0"), List.of())));
        daemon.images.add(new ImageFacts(id('b'), List.of("mon-app:env"), List.of(), 1, new ImageFacts.Config("", List.of(),
                List.of(), List.of("NODE_ENV=production", "VERSION=2.0"), Set.of(), "/app", Map.of("version", "2.0"), List.of())));

        assertThat(run(Map.of("name", "mon-app:arg", "envAbsent", List.of("VERSION"))).status()).isEqualTo(CheckStatus.PASSED);
        assertThat(run(Map.of("name", "mon-app:env", "envAbsent", "VERSION")).message().fr())
                .contains("l'image garde VERSION=2.0 dans l'environnement de chaque conteneur");
    }

    @Test
    void nonRootReadsTheImageUser() {
        add(id('a'), "app:user", "app", List.of(), List.of("python", "app.py"), ImageFacts.Platform.LINUX_AMD64);
        add(id('b'), "app:root", "", List.of(), List.of("python", "app.py"), ImageFacts.Platform.LINUX_AMD64);

        assertThat(run(Map.of("name", "app:user", "nonRoot", true)).status()).isEqualTo(CheckStatus.PASSED);
        assertThat(run(Map.of("name", "app:root", "nonRoot", true)).message().en()).contains("runs as root");
    }

    @Test
    void platformComparesOsAndArchitectureUnderTheirAliases() {
        add(id('a'), "api:arm64", "", List.of(), List.of("api"), new ImageFacts.Platform("linux", "arm64"));

        assertThat(run(Map.of("name", "api:arm64", "platform", "linux/arm64")).status()).isEqualTo(CheckStatus.PASSED);
        assertThat(run(Map.of("name", "api:arm64", "platform", "aarch64")).status()).isEqualTo(CheckStatus.PASSED);
        assertThat(run(Map.of("name", "api:arm64", "platform", "linux/amd64")).message().fr())
                .contains("construite pour linux/arm64 (attendu linux/amd64)");
        assertThatThrownBy(() -> run(Map.of("name", "api:arm64", "platform", "a/b/c/d")))
                .hasMessageContaining("with.platform must be like linux/arm64");
    }

    @Test
    void filesAndTheStartedProgramAreReadFromTheImage() {
        ImageFacts api = add(id('a'), "api:arm64", "", List.of(), List.of("api"), new ImageFacts.Platform("linux", "arm64"));
        daemon.imageFiles.put(api.id() + "/usr/local/bin/api", "#!/bin/sh\n# build\tGOARCH=arm64\n");
        ImageFacts relative = add(id('b'), "api:relative", "", List.of("./api"), List.of(), ImageFacts.Platform.LINUX_AMD64);
        daemon.imageFiles.put(relative.id() + "/app/api", "# build\tGOARCH=amd64\n");

        assertThat(run(Map.of("name", "api:arm64", "program", Map.of("contains", "GOARCH=arm64"),
                "files", List.of(Map.of("path", "/usr/local/go/bin/go", "absent", true)))).status())
                .isEqualTo(CheckStatus.PASSED);
        assertThat(run(Map.of("name", "api:relative", "program", Map.of("contains", "GOARCH=arm64"))).message().en())
                .contains("/app/api does not hold \"GOARCH=arm64\" (it starts with \"# build\tGOARCH=amd64\")");
        daemon.imageFiles.put(api.id() + "/usr/local/go/bin/go", "toolchain");
        assertThat(run(Map.of("name", "api:arm64", "files", List.of(Map.of("path", "/usr/local/go/bin/go", "absent", true))))
                .message().fr()).contains("l'image contient /usr/local/go/bin/go");
        assertThat(run(Map.of("name", "api:relative", "files", List.of(Map.of("path", "/etc/absent", "contains", "x"))))
                .message().en()).contains("no file /etc/absent in the image");
        assertThatThrownBy(() -> run(Map.of("name", "api:arm64", "files", List.of(Map.of("path", "relative")))))
                .hasMessageContaining("entries are {path: /absolute/path");
    }

    @Test
    void theStartedProgramIsFoundLikeTheEngineFindsIt() {
        ImageFacts.Config shell = new ImageFacts.Config("", List.of("/bin/sh", "-c", "api --port 8080"), List.of(),
                List.of("PATH=/opt/bin:/bin"), Set.of(), "/srv", Map.of(), List.of());
        assertThat(ImageBuildExpectations.startedProgram(shell)).contains("api");
        assertThat(ImageBuildExpectations.candidates("api", shell)).containsExactly("/opt/bin/api", "/bin/api");
        assertThat(ImageBuildExpectations.candidates("./api", shell)).containsExactly("/srv/api");
        assertThat(ImageBuildExpectations.candidates("/api", shell)).containsExactly("/api");
    }

    private void history(ImageFacts image, ImageLayer... oldestFirst) {
        List<ImageLayer> newestFirst = new java.util.ArrayList<>(List.of(oldestFirst));
        java.util.Collections.reverse(newestFirst);
        daemon.histories.put(image.id(), newestFirst);
    }

    private static ImageLayer step(String createdBy, String id) {
        return new ImageLayer(createdBy, 10, id, 1_700_000_000);
    }

    @Test
    void aRebuildReusesTheCacheUpToTheDependencyInstall() {
        ImageLayer base = step("", ImageLayer.MISSING);
        ImageLayer workdir = step("WORKDIR /app", "sha256:w");
        ImageLayer manifest = step("COPY file:abc in .", "sha256:m");
        ImageLayer install = step("RUN npm install", "sha256:i");
        history(add(id('1'), "mon-app:v1", List.of("node", "index.js")), base, workdir, manifest, install,
                step("COPY dir:111 in .", "sha256:s1"));
        history(add(id('2'), "mon-app:v2", List.of("node", "index.js")), base, workdir, manifest, install,
                step("COPY dir:222 in .", "sha256:s2"));
        Map<String, Object> reuse = Map.of("image", "mon-app:v1", "through", "npm install");

        assertThat(run(Map.of("name", "mon-app:v2", "reusesCacheOf", reuse)).status()).isEqualTo(CheckStatus.PASSED);

        history(add(id('3'), "naif:v1", List.of("node", "index.js")), base, workdir, step("COPY dir:111 in .", "sha256:n1"),
                step("RUN npm install", "sha256:ni1"));
        history(add(id('4'), "naif:v2", List.of("node", "index.js")), base, workdir, step("COPY dir:222 in .", "sha256:n2"),
                step("RUN npm install", "sha256:ni2"));
        assertThat(run(Map.of("name", "naif:v2", "reusesCacheOf", Map.of("image", "naif:v1", "through", "npm install")))
                .message().en()).contains("the step \"npm install\" ran again instead of coming from the cache: "
                + "from the step \"COPY dir:222 in .\" on, the build differs from naif:v1");
    }

    @Test
    void withoutIdsBuildKitStepsCompareByInstructionTimeAndSize() {
        ImageLayer install = new ImageLayer("RUN npm install # buildkit", 5000, ImageLayer.MISSING, 1_700_000_100);
        assertThat(install.sameStepAs(new ImageLayer("RUN npm install # buildkit", 5000, ImageLayer.MISSING, 1_700_000_100)))
                .isTrue();
        assertThat(install.sameStepAs(new ImageLayer("RUN npm install # buildkit", 5000, ImageLayer.MISSING, 1_700_000_160)))
                .isFalse();
    }

    @Test
    void theCacheComparisonNeedsTwoDifferentBuildsAndTheStep() {
        ImageFacts v1 = add(id('1'), "mon-app:v1", List.of("node", "index.js"));
        history(v1, step("RUN npm install", "sha256:i"));
        daemon.images.add(new ImageFacts(v1.id(), List.of("mon-app:v1", "mon-app:v2"), List.of(), v1.size(), v1.config()));
        daemon.images.remove(v1);

        assertThat(run(Map.of("name", "mon-app:v2", "reusesCacheOf", Map.of("image", "mon-app:v1", "through", "npm install")))
                .message().fr()).contains("même image que mon-app:v1 : rien n'a changé entre les deux constructions");
        assertThat(run(Map.of("name", "mon-app:v2", "reusesCacheOf", Map.of("image", "autre:v1", "through", "npm install")))
                .message().en()).contains("no image autre:v1 to compare with");
        history(add(id('2'), "mon-app:v3", List.of("node", "index.js")), step("RUN yarn", "sha256:y"));
        assertThat(run(Map.of("name", "mon-app:v3", "reusesCacheOf", Map.of("image", "mon-app:v1", "through", "npm install")))
                .message().en()).contains("no step contains \"npm install\"");
        assertThatThrownBy(() -> run(Map.of("name", "mon-app:v3", "reusesCacheOf", Map.of("image", "mon-app:v1"))))
                .hasMessageContaining("needs image (the earlier build) and through");
    }
}
