package io.labfleet.validation.check;

import io.labfleet.lab.CheckDefinition;
import io.labfleet.lab.Text;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.labfleet.validation.check.FakeSandboxDaemon.container;
import static io.labfleet.validation.check.FakeSandboxDaemon.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each check type concludes from a daemon's facts, and what it tells the learner. */
class ChecksTest {

    private static final String NGINX_ID = "sha256:" + "a".repeat(64);
    private static final CheckContext CONTEXT = new CheckContext(Instant.parse("2026-11-28T09:00:00Z"),
            "busybox:latest", Duration.ofSeconds(5));

    private final FakeSandboxDaemon daemon = new FakeSandboxDaemon();

    {
        daemon.images.add(ImageReferenceTest.image(NGINX_ID, "nginx:latest"));
        daemon.images.add(ImageReferenceTest.image("sha256:" + "b".repeat(64), "busybox:latest"));
    }

    private CheckOutcome run(String type, Map<String, Object> with) {
        return run(type, with, null);
    }

    private CheckOutcome run(String type, Map<String, Object> with, Text hint) {
        return new CheckCompiler().compile(new CheckDefinition("c", Text.of("C", "C"), type, with, hint))
                .run(daemon, CONTEXT);
    }

    private static ContainerFacts limited(String name, long memory, long nanoCpus, String pidMode) {
        ContainerFacts plain = container(name, "busybox", "sha256:" + "b".repeat(64));
        return new ContainerFacts(plain.id(), name, Map.of(), plain.image(), plain.imageId(), plain.created(), plain.state(),
                new ContainerFacts.Config("", List.of(), List.of(), "no", 0, false, "json-file", Map.of(), pidMode, false),
                new ContainerFacts.Limits(memory, nanoCpus, 0, 0), List.of(), List.of(), List.of());
    }

    @Test
    void aContainerCheckSaysWhatDiffersInTheClosestContainer() {
        daemon.containers.add(limited("isole", 256L << 20, 0, ""));

        CheckOutcome outcome = run("container", Map.of("memory", "128m", "cpus", "0.5"),
                Text.of("Relancez-le avec -m 128m --cpus 0.5", "Run it again with -m 128m --cpus 0.5"));

        assertThat(outcome.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(outcome.message().fr()).contains("« isole » (busybox, running) ne convient pas",
                "mémoire limitée à 256 MiB (attendu 128 MiB)", "CPU non limité (attendu 0.5)",
                "Relancez-le avec -m 128m --cpus 0.5");
        assertThat(outcome.message().en()).contains("isole (busybox, running) does not match",
                "memory limited to 256 MiB (expected 128 MiB)", "no CPU limit (expected 0.5)", "Run it again");
    }

    @Test
    void anyContainerMayMeetANameFreeCheck() {
        daemon.containers.add(limited("a", 256L << 20, 0, ""));
        daemon.containers.add(limited("b", 128L << 20, 500_000_000L, ""));

        CheckOutcome outcome = run("container", Map.of("state", "running", "memory", "128m", "cpus", "0.5"));

        assertThat(outcome.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(outcome.message().fr()).contains("« b »", "mémoire 128 MiB", "0.5 CPU");
    }

    @Test
    void countAsksForSeveralMatchingContainers() {
        daemon.containers.add(container("couche-a", "nginx", NGINX_ID));
        assertThat(run("container", Map.of("image", "nginx", "count", 2)).message().en())
                .contains("Only 1 of the 2 expected (couche-a (nginx, running))");
        daemon.containers.add(container("couche-b", "docker.io/library/nginx:latest", NGINX_ID));
        assertThat(run("container", Map.of("image", "nginx", "count", 2)).status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void noContainerFoundListsWhatIsThere() {
        daemon.containers.add(container("monweb", "nginx", NGINX_ID));

        CheckOutcome outcome = run("container", Map.of("name", "mon-web"));

        assertThat(outcome.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(outcome.message().fr()).contains("Aucun conteneur nommé « mon-web »", "monweb (nginx, running)");
    }

    @Test
    void aComposeServiceAnswersToItsServiceName() {
        ContainerFacts plain = container("shop_web_1", "nginx", NGINX_ID);
        daemon.containers.add(new ContainerFacts(plain.id(), plain.name(), Map.of("com.docker.compose.service", "web"),
                plain.image(), plain.imageId(), plain.created(), plain.state(), plain.config(), plain.limits(),
                plain.ports(), plain.mounts(), plain.networks()));

        assertThat(run("container", Map.of("name", "web", "state", "running")).status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void pidNamespaceAndStateMismatchesAreNamed() {
        daemon.containers.add(limited("isole", 128L << 20, 500_000_000L, "host"));

        CheckOutcome outcome = run("container", Map.of("pid", "private", "state", "exited"));

        assertThat(outcome.message().en()).contains("PID namespace host (--pid=host; expected private)",
                "state running (expected exited)");
    }

    @Test
    void containerEventsFollowOneContainerFromStartToRemoval() {
        daemon.events.addAll(List.of(
                event("c1", "mon-web", "nginx", "create", 1), event("c1", "mon-web", "nginx", "start", 2),
                event("c1", "mon-web", "nginx", "kill", 3), event("c1", "mon-web", "nginx", "die", 4),
                event("c1", "mon-web", "nginx", "destroy", 5),
                event("c2", "mon-web", "nginx", "create", 6)));
        Map<String, Object> removed = Map.of("name", "mon-web", "image", "nginx", "actions", List.of("start", "die", "destroy"));

        assertThat(run("container-events", removed).status()).isEqualTo(CheckStatus.PASSED);
        assertThat(run("container-events", Map.of("name", "mon-web", "image", "busybox", "actions", List.of("start")))
                .message().fr()).contains("aucun conteneur « mon-web » de l'image « busybox »");
    }

    @Test
    void containerEventsSayWhichStepIsMissing() {
        daemon.events.addAll(List.of(event("c1", "mon-web", "nginx", "create", 1),
                event("c1", "mon-web", "nginx", "start", 2)));

        CheckOutcome outcome = run("container-events", Map.of("name", "mon-web", "actions", List.of("start", "die")));

        assertThat(outcome.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(outcome.message().fr()).contains("Le conteneur « mon-web » (c1) : événements vus : create, start ; "
                + "il manque « die » après « start »");
    }

    @Test
    void imageEventsAndAbsenceOfDanglingImages() {
        daemon.images.add(ImageReferenceTest.image("sha256:" + "c".repeat(64)));
        assertThat(run("image-absent", Map.of("dangling", true)).message().fr())
                .contains("Il reste 1 image dangling (sans tag) : cccccccccccc", "docker image prune");
        daemon.images.remove(2);
        assertThat(run("image-absent", Map.of("dangling", true)).status()).isEqualTo(CheckStatus.PASSED);
        daemon.events.add(new DaemonEvent("image", "delete", "", "sha256:" + "c".repeat(64), Map.of("name",
                "sha256:" + "c".repeat(64)), 1));
        assertThat(run("events", Map.of("object", "image", "actions", List.of("delete"))).status())
                .isEqualTo(CheckStatus.PASSED);
        assertThat(run("events", Map.of("object", "volume", "actions", List.of("create"))).message().en())
                .contains("The daemon's history shows no volume.");
    }

    @Test
    void containerAbsentListsWhatIsLeft() {
        ContainerFacts plain = container("ancien-1", "busybox", null);
        daemon.containers.add(new ContainerFacts(plain.id(), plain.name(), Map.of(), plain.image(), null, plain.created(),
                new ContainerFacts.State("exited", 0, null), plain.config(), plain.limits(), List.of(), List.of(), List.of()));
        daemon.containers.add(container("serveur", "nginx", NGINX_ID));

        CheckOutcome outcome = run("container-absent", Map.of("state", List.of("exited", "created", "dead")));

        assertThat(outcome.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(outcome.message().fr()).contains("Il reste 1 conteneur(s) à l'état exited/created/dead : "
                + "ancien-1 (busybox, exited)", "docker rm ancien-1");
        assertThat(run("container-absent", Map.of("name", "mon-web")).status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void aVolumeFileIsReadAndCompared() {
        daemon.volumes.add(new VolumeFacts("donnees", "local", Map.of()));
        daemon.volumeFiles.put("donnees/important.txt", "ne pas perdre\n");

        assertThat(run("volume", Map.of("name", "donnees", "file", Map.of("path", "/important.txt",
                "contains", "ne pas perdre"))).status()).isEqualTo(CheckStatus.PASSED);
        assertThat(run("volume", Map.of("name", "donnees", "file", Map.of("path", "autre.txt"))).message().en())
                .contains("volume donnees does not match: no file autre.txt in the volume");
        assertThat(run("volume", Map.of("name", "perdu")).message().fr()).contains("Aucun volume « perdu »", "donnees");
        assertThat(run("volume", Map.of("name", "donnees", "file", Map.of("contains", "ne pas perdre"))).status())
                .as("the text in any file of the volume").isEqualTo(CheckStatus.PASSED);
        assertThat(run("volume", Map.of("name", "donnees", "file", Map.of("contains", "Solde"))).message().en())
                .contains("volume donnees does not match: none of its files does (important.txt)");
    }

    @Test
    void aProbeRunsTheHelperOnTheNetworkAndJudgesItsAnswer() {
        daemon.networks.add(new NetworkFacts("n1", "reseau", "bridge", false, Map.of(), null, List.of("web")));
        daemon.helper = run -> new HelperResult(0, "<h1>Welcome to nginx!</h1>", false);

        CheckOutcome reached = run("probe", Map.of("from", "reseau", "target", "http://web/", "contains", "Welcome"));

        assertThat(reached.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(reached.message().fr()).isEqualTo("Depuis le réseau « reseau », http://web/ répond (« Welcome »).");
        HelperRun helper = daemon.helperRuns.get(0);
        assertThat(helper.image()).isEqualTo("busybox:latest");
        assertThat(helper.networkMode()).isEqualTo("reseau");
        assertThat(helper.command()).contains("http://web/").doesNotContain("-T");

        daemon.helper = run -> new HelperResult(1, "wget: bad address 'web'", false);
        assertThat(run("probe", Map.of("from", "reseau", "target", "http://web/")).message().en())
                .contains("From network reseau, http://web/ does not answer (wget: bad address 'web')");
        assertThat(run("probe", Map.of("from", "reseau", "target", "http://web/", "expect", "unreachable")).status())
                .isEqualTo(CheckStatus.PASSED);
        assertThat(run("probe", Map.of("from", "ailleurs", "target", "tcp://web:80")).message().fr())
                .contains("Le réseau « ailleurs » n'existe pas");
    }

    @Test
    void aDnsProbeLooksAtWhatNslookupPrints() {
        daemon.networks.add(new NetworkFacts("n1", "reseau", "bridge", false, Map.of(), null, List.of()));
        daemon.helper = run -> new HelperResult(0, "Server:\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n"
                + "Non-authoritative answer:\n\nNon-authoritative answer:\n", false);
        assertThat(run("probe", Map.of("from", "reseau", "target", "dns:db")).status()).isEqualTo(CheckStatus.FAILED);
        daemon.helper = run -> new HelperResult(0, "Server:\t127.0.0.11\nAddress:\t127.0.0.11:53\n\n"
                + "Non-authoritative answer:\nName:\tdb\nAddress: 172.18.0.3\n", false);
        assertThat(run("probe", Map.of("from", "reseau", "target", "dns:db")).status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void aMissingHelperImageOrADeadDaemonIsAnErrorNotAFailure() {
        daemon.networks.add(new NetworkFacts("n1", "reseau", "bridge", false, Map.of(), null, List.of()));
        daemon.helper = run -> {
            throw new HelperImageMissingException(run.image());
        };
        CheckOutcome missing = run("probe", Map.of("from", "reseau", "target", "tcp://db:5432"));
        assertThat(missing.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(missing.message().fr()).contains("busybox:latest", "n'y est plus");

        daemon.helper = run -> {
            throw new SandboxDaemonException("no daemon answers", null);
        };
        CheckOutcome dead = run("probe", Map.of("from", "reseau", "target", "tcp://db:5432"));
        assertThat(dead.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(dead.message().en()).contains("could not ask the sandbox's Docker daemon (no daemon answers)");
    }

    @Test
    void imageChecksReadConfigAndBuildHistory() {
        ImageFacts app = new ImageFacts("sha256:" + "d".repeat(64), List.of("mon-app:1.0"), List.of(), 45_000_000,
                new ImageFacts.Config("app", List.of("/bin/sh", "-c", "python app.py"), List.of(), List.of("PORT=8080"),
                        Set.of("8080/tcp"), "/app", Map.of(), List.of("CMD-SHELL", "wget -q localhost:8080")));
        daemon.images.add(app);
        daemon.histories.put(app.id(), List.of(new ImageLayer("/bin/sh -c #(nop) COPY dir:abc in /app", 10),
                new ImageLayer("/bin/sh -c pip install -r requirements.txt", 100),
                new ImageLayer("/bin/sh -c #(nop) COPY file:def in /app/requirements.txt", 1),
                new ImageLayer("/bin/sh -c #(nop)  FROM python", 0)));

        Map<String, Object> good = Map.of("name", "mon-app", "maxSize", "50MB", "user", "app", "cmd",
                List.of("python", "app.py"), "exposedPorts", List.of(8080), "workdir", "/app", "healthcheck", true,
                "env", Map.of("PORT", "8080"), "history", List.of("requirements.txt", "pip install", "COPY dir"));
        assertThat(run("image", good).status()).as(run("image", good).message().en()).isEqualTo(CheckStatus.PASSED);

        CheckOutcome badOrder = run("image", Map.of("name", "mon-app:1.0", "history", List.of("COPY dir", "pip install")));
        assertThat(badOrder.message().en()).contains("no step containing pip install after COPY dir");
        assertThat(run("image", Map.of("name", "mon-app", "maxSize", "40MB")).message().fr())
                .contains("taille 45 MB (au plus 40 MB attendu)");
    }

    @Test
    void meaninglessParametersFailWhenTheLabLoads() {
        CheckCompiler compiler = new CheckCompiler();
        assertThatThrownBy(() -> compiler.compile(new CheckDefinition("p", Text.of("P", null), "container",
                Map.of("ports", List.of("8080:80", "80-81:80")), null)))
                .isInstanceOf(CheckParameterException.class).hasMessageContaining("with.ports").hasMessageContaining("ranges");
        assertThatThrownBy(() -> compiler.compile(new CheckDefinition("m", Text.of("M", null), "container",
                Map.of("memory", "beaucoup"), null))).hasMessageContaining("with.memory");
        assertThatThrownBy(() -> compiler.compile(new CheckDefinition("s", Text.of("S", null), "container-absent",
                Map.of("state", "stopped"), null))).hasMessageContaining("'stopped' is not a container state");
        assertThatThrownBy(() -> compiler.compile(new CheckDefinition("e", Text.of("E", null), "container-events",
                Map.of("actions", List.of("die[exitCode>0]")), null))).hasMessageContaining("with.actions");
        assertThatThrownBy(() -> compiler.compile(new CheckDefinition("t", Text.of("T", null), "probe",
                Map.of("from", "n", "target", "https://web/"), null))).hasMessageContaining("https is not probed");
        assertThatThrownBy(() -> compiler.compile(new CheckDefinition("v", Text.of("V", null), "volume",
                Map.of("name", "v", "file", Map.of("path", "../etc/passwd")), null))).hasMessageContaining("inside the volume");
    }
}
