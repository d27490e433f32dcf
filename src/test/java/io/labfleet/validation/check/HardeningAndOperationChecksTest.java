package io.labfleet.validation.check;

import io.labfleet.lab.CheckDefinition;
import io.labfleet.lab.Text;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.labfleet.validation.check.FakeSandboxDaemon.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The container expectations of hardening (parts 8) and of containers in service (parts 5 to 7 and 10). */
class HardeningAndOperationChecksTest {

    private static final String APP_ID = "sha256:" + "d".repeat(64);
    private static final CheckContext CONTEXT = new CheckContext(Instant.parse("2026-11-28T09:00:00Z"),
            "busybox:latest", Duration.ofSeconds(5));

    private final FakeSandboxDaemon daemon = new FakeSandboxDaemon();

    {
        daemon.images.add(ImageReferenceTest.image(APP_ID, "mon-app:latest"));
    }

    private CheckOutcome run(Map<String, Object> with) {
        return new CheckCompiler().compile(new CheckDefinition("c", Text.of("C", "C"), "container", with, null))
                .run(daemon, CONTEXT);
    }

    private static ContainerFacts configured(String name, ContainerFacts.Config config, ContainerFacts.Limits limits) {
        ContainerFacts plain = container(name, "mon-app", APP_ID);
        return new ContainerFacts(plain.id(), name, Map.of(), plain.image(), plain.imageId(), plain.created(),
                plain.state(), config, limits, List.of(), List.of(), List.of());
    }

    private static ContainerFacts.Config security(String user, List<String> capAdd, List<String> capDrop,
                                                  List<String> securityOptions) {
        return new ContainerFacts.Config(user, List.of(), List.of(), "no", 0, false, "json-file", Map.of(), "", true,
                capAdd, capDrop, securityOptions, false);
    }

    private static ContainerFacts.Config logging(String driver, Map<String, String> options) {
        return new ContainerFacts.Config("", List.of(), List.of(), "no", 0, false, driver, options, "", false);
    }

    private static final Map<String, Object> HARDENED = Map.of("nonRoot", true, "capDrop", List.of("ALL"),
            "capAdd", List.of("NET_BIND_SERVICE"), "noNewPrivileges", true, "pidsLimit", 64, "readOnly", true);

    @Test
    void aHardenedContainerPassesWhateverTheSpellingOfItsOptions() {
        daemon.containers.add(configured("durci", security("10001:10001", List.of("CAP_NET_BIND_SERVICE"),
                List.of("all"), List.of("no-new-privileges:true")), new ContainerFacts.Limits(0, 0, 0, 0, 64)));

        CheckOutcome outcome = run(HARDENED);

        assertThat(outcome.status()).as(outcome.message().en()).isEqualTo(CheckStatus.PASSED);
        assertThat(outcome.message().fr()).contains("utilisateur autre que root", "capacités retirées : ALL",
                "no-new-privileges", "au plus 64 processus");
    }

    @Test
    void eachMissingHardeningIsNamed() {
        daemon.containers.add(configured("mou", security("", List.of("NET_ADMIN", "NET_BIND_SERVICE"), List.of("NET_RAW"),
                List.of("seccomp=unconfined")), new ContainerFacts.Limits(0, 0, 0, 0, 0)));

        CheckOutcome outcome = run(HARDENED);

        assertThat(outcome.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(outcome.message().fr()).contains("tourne en tant que root (aucun USER ni --user)",
                "capacités ALL non retirées (--cap-drop : NET_RAW)", "capacités ajoutées en trop : NET_ADMIN",
                "lancé sans --security-opt no-new-privileges (options : seccomp=unconfined)",
                "nombre de processus non limité (attendu --pids-limit 64)");
        assertThat(outcome.message().en()).contains("runs as root (no USER nor --user)",
                "capabilities ALL not dropped (--cap-drop: NET_RAW)");
    }

    @Test
    void aPrivilegedContainerHasEveryCapabilityWhateverItDrops() {
        daemon.containers.add(configured("privilegie", new ContainerFacts.Config("1000", List.of(), List.of(), "no", 0, false,
                "json-file", Map.of(), "", true, List.of(), List.of("ALL"), List.of(), true), new ContainerFacts.Limits(0, 0, 0, 0)));

        assertThat(run(Map.of("capDrop", List.of("ALL"), "capAdd", List.of())).message().en())
                .contains("started with --privileged: every capability and device, whatever --cap-drop says");
    }

    @Test
    void rootUnderAnotherNameIsStillRoot() {
        daemon.containers.add(configured("zero", security("0:0", List.of(), List.of("ALL"), List.of()),
                new ContainerFacts.Limits(0, 0, 0, 0)));

        assertThat(run(Map.of("nonRoot", true)).message().en()).contains("runs as 0:0");
        assertThat(run(Map.of("capAdd", List.of())).status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void logsAreCappedByMaxSizeTimesMaxFile() {
        daemon.containers.add(configured("bavard", logging("json-file", Map.of("max-size", "10m", "max-file", "3")),
                new ContainerFacts.Limits(0, 0, 0, 0)));
        assertThat(run(Map.of("name", "bavard", "maxLogSize", "30MB")).status()).isEqualTo(CheckStatus.PASSED);

        daemon.containers.add(configured("un-fichier", logging("json-file", Map.of("max-size", "20M")),
                new ContainerFacts.Limits(0, 0, 0, 0)));
        assertThat(run(Map.of("name", "un-fichier", "maxLogSize", "30m")).status()).isEqualTo(CheckStatus.PASSED);

        daemon.containers.add(configured("trop", logging("json-file", Map.of("max-size", "10m", "max-file", "5")),
                new ContainerFacts.Limits(0, 0, 0, 0)));
        assertThat(run(Map.of("name", "trop", "maxLogSize", "30MB")).message().fr())
                .contains("journaux jusqu'à 50 MiB (max-size 10 MiB × max-file 5 ; au plus 30 MiB attendu)");

        daemon.containers.add(configured("sans-limite", logging("json-file", Map.of()), new ContainerFacts.Limits(0, 0, 0, 0)));
        assertThat(run(Map.of("name", "sans-limite", "maxLogSize", "30MB")).message().en())
                .contains("unbounded logs (json-file without max-size)");

        daemon.containers.add(configured("local", logging("local", Map.of()), new ContainerFacts.Limits(0, 0, 0, 0)));
        assertThat(run(Map.of("name", "local", "maxLogSize", "30MB")).message().en()).contains("logs up to 100 MiB");

        daemon.containers.add(configured("muet", logging("none", Map.of()), new ContainerFacts.Limits(0, 0, 0, 0)));
        assertThat(run(Map.of("name", "muet", "maxLogSize", "30MB")).message().en()).contains("log driver none");
    }

    private static ContainerFacts inState(String name, ContainerFacts.State state) {
        ContainerFacts plain = container(name, "mon-app", APP_ID);
        return new ContainerFacts(plain.id(), name, Map.of("com.docker.compose.project", "lamp"), plain.image(),
                plain.imageId(), plain.created(), state, plain.config(), plain.limits(), List.of(), List.of(), List.of());
    }

    @Test
    void neverStoppedRejectsRestartsAndEarlierStops() {
        daemon.containers.add(inState("web", new ContainerFacts.State("running", 0, null, 0, null)));
        daemon.containers.add(inState("relance", new ContainerFacts.State("running", 1, null, 3, Instant.parse("2026-11-28T10:00:05Z"))));
        daemon.containers.add(inState("demarre-a-la-main", new ContainerFacts.State("running", 0, null, 0,
                Instant.parse("2026-11-28T10:00:05Z"))));
        daemon.containers.add(inState("tombe", new ContainerFacts.State("exited", 1, null, 0, Instant.parse("2026-11-28T10:00:05Z"))));

        assertThat(run(Map.of("name", "web", "neverStopped", true)).status()).isEqualTo(CheckStatus.PASSED);
        assertThat(run(Map.of("name", "relance", "neverStopped", true)).message().en())
                .contains("restarted 3 times by its restart policy");
        assertThat(run(Map.of("name", "demarre-a-la-main", "neverStopped", true)).message().fr())
                .contains("s'est déjà arrêté (à 2026-11-28T10:00:05Z) puis a été relancé");
        assertThat(run(Map.of("name", "tombe", "neverStopped", true)).message().en()).contains("state exited (expected running)");
    }

    @Test
    void labelsAndPublishedPorts() {
        daemon.containers.add(inState("web", new ContainerFacts.State("running", 0, null)));
        ContainerFacts plain = container("api", "mon-app", APP_ID);
        daemon.containers.add(new ContainerFacts(plain.id(), "api", Map.of(), plain.image(), plain.imageId(), plain.created(),
                plain.state(), plain.config(), plain.limits(), List.of(new PublishedPort(3000, "tcp", null, 3000)),
                List.of(), List.of()));

        assertThat(run(Map.of("name", "web", "labels", java.util.Collections.singletonMap("com.docker.compose.project", null)))
                .status()).isEqualTo(CheckStatus.PASSED);
        assertThat(run(Map.of("name", "api", "labels", Map.of("com.docker.compose.project", "lamp"))).message().en())
                .contains("no label com.docker.compose.project");
        assertThat(run(Map.of("name", "web", "ports", "none")).status()).isEqualTo(CheckStatus.PASSED);
        assertThat(run(Map.of("name", "api", "ports", "none")).message().fr())
                .contains("publie 3000->3000/tcp (il ne devrait publier aucun port)");
    }

    @Test
    void aContainerThatStopsBeforeTheProbeJoinsItIsNotRunning() {
        daemon.containers.add(container("db", "mysql", APP_ID));
        daemon.helper = run -> {
            throw new ProbeSourceStoppedException("id-db", null);
        };

        CheckOutcome outcome = new CheckCompiler().compile(new CheckDefinition("c", Text.of("C", "C"), "probe",
                Map.of("from", "container:db", "target", "tcp://localhost:3306"), null)).run(daemon, CONTEXT);

        assertThat(outcome.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(outcome.message().en()).contains("Container db is not running: nothing to probe from.");
    }

    @Test
    void meaninglessHardeningParametersFailAtCompileTime() {
        assertThatThrownBy(() -> run(Map.of("pidsLimit", 0))).hasMessageContaining("with.pidsLimit must be 1 or more");
        assertThatThrownBy(() -> run(Map.of("maxLogSize", "beaucoup"))).hasMessageContaining("with.maxLogSize");
    }
}
