package io.labfleet.validation;

import io.labfleet.lab.CheckDefinition;
import io.labfleet.lab.Text;
import io.labfleet.validation.check.CheckCompiler;
import io.labfleet.validation.check.CheckContext;
import io.labfleet.validation.check.CheckOutcome;
import io.labfleet.validation.check.CheckStatus;
import io.labfleet.validation.docker.DockerSandboxDaemon;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxService;
import io.labfleet.security.Caller;
import io.labfleet.security.Role;
import io.labfleet.support.ApiTest;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.DockerSandboxes;
import io.labfleet.support.HostDocker;
import io.labfleet.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check engine against a real sandbox of the Docker backend, driven with the real docker CLI: every way of
 * doing a thing passes the same check, and a wrong thing fails it with a message saying what was found.
 */
@Tag("engine")
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckEngineIT extends ApiTest {

    /** A lab whose sandboxes hold both nginx and busybox. */
    private static final String LAB = "p3-prune";

    @Inject
    SandboxService sandboxes;

    private String tenant;
    private String sandboxId;
    private SandboxShell docker;
    private DockerSandboxDaemon daemon;
    private CheckContext context;

    /** Made before the first test rather than in a @BeforeAll: the test HTTP port is known only then. */
    @BeforeEach
    void sandboxOfTheDockerBackend() {
        if (sandboxId != null) {
            return;
        }
        tenant = freshTenant("engine");
        sandboxId = DockerSandboxes.createReady(Tokens.learner(tenant, "engine"), LAB, null);
        Sandbox sandbox = QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(sandboxId));
        docker = new SandboxShell(sandbox.daemonHost, sandbox.daemonPort);
        daemon = new DockerSandboxDaemon(sandbox.daemonHost, sandbox.daemonPort, Duration.ofSeconds(20), 8L << 20);
        context = new CheckContext(sandbox.readyAt, "busybox:latest", Duration.ofSeconds(5));
        org.assertj.core.api.Assertions.assertThat(docker.docker("images", "--format", "{{.Repository}}:{{.Tag}}"))
                .as("the lab's images, present at READY").contains("busybox:latest", "nginx:latest");
    }

    /** The HTTP port is gone once the tests are over, so the sandbox is deleted through the service. */
    @AfterAll
    void removeSandbox() {
        if (daemon != null) {
            daemon.close();
        }
        if (sandboxId != null) {
            sandboxes.terminate(new Caller(tenant, "engine", "engine", Set.of(Role.LEARNER)), sandboxId);
        }
    }

    private CheckOutcome check(String type, Map<String, Object> with) {
        return new CheckCompiler().compile(new CheckDefinition("it", Text.of("IT", "IT"), type, with, null))
                .run(daemon, context);
    }

    private void passes(String type, Map<String, Object> with) {
        CheckOutcome outcome = check(type, with);
        assertThat(outcome.status()).as(type + " " + with + ": " + outcome.message().en()).isEqualTo(CheckStatus.PASSED);
    }

    private CheckOutcome fails(String type, Map<String, Object> with) {
        CheckOutcome outcome = check(type, with);
        assertThat(outcome.status()).as(type + " " + with + ": " + outcome.message().en()).isEqualTo(CheckStatus.FAILED);
        return outcome;
    }

    @Test
    void aPortPublishedAnyWayIsTheSameBinding() {
        docker.docker("run", "-d", "--name", "port-short", "-p", "8080:80", "nginx");
        docker.docker("run", "-d", "--name", "port-long", "--publish", "published=8081,target=80", "nginx");
        docker.docker("run", "-d", "--name", "port-random", "-P", "nginx");
        docker.docker("container", "run", "--detach", "--name", "port-local", "--publish=127.0.0.1:8083:80/tcp", "nginx");

        passes("container", Map.of("name", "port-short", "ports", List.of("8080:80")));
        passes("container", Map.of("name", "port-long", "ports", List.of("8081:80")));
        passes("container", Map.of("name", "port-long", "ports", List.of(Map.of("published", 8081, "target", 80))));
        passes("container", Map.of("name", "port-random", "ports", List.of("80")));
        passes("container", Map.of("name", "port-local", "ports", List.of("127.0.0.1:8083:80", "8083:80")));
        assertThat(fails("container", Map.of("name", "port-short", "ports", List.of("8080:8080"))).message().en())
                .contains("port(s) 8080:8080 not published (published: 8080->80/tcp)");
        fails("container", Map.of("name", "port-short", "ports", List.of("127.0.0.1:8080:80")));
    }

    @Test
    void aMountDeclaredAnyWayIsTheSameMount() {
        docker.docker("run", "-d", "--name", "mount-v", "-v", "donnees-v:/data", "-v", "/tmp:/host:ro", "-v", "/anonyme",
                "busybox", "sleep", "600");
        docker.docker("run", "-d", "--name", "mount-long", "--mount", "type=volume,source=donnees-m,target=/data",
                "--mount", "type=bind,source=/tmp,target=/host,readonly", "--mount", "type=tmpfs,target=/cache",
                "busybox", "sleep", "600");

        passes("container", Map.of("name", "mount-v", "mounts", List.of("donnees-v:/data", "/tmp:/host:ro", "/anonyme")));
        passes("container", Map.of("name", "mount-long", "mounts", List.of("donnees-m:/data", "/tmp:/host:ro",
                Map.of("type", "tmpfs", "target", "/cache"))));
        passes("container", Map.of("name", "mount-long", "mounts", List.of(Map.of("type", "volume", "source",
                "donnees-m", "target", "/data/"))));
        assertThat(fails("container", Map.of("name", "mount-v", "mounts", List.of("donnees-v:/data:ro"))).message().fr())
                .contains("montage(s) donnees-v:/data:ro absent(s)", "donnees-v:/data");
        fails("container", Map.of("name", "mount-long", "mounts", List.of("/srv:/host")));
    }

    @Test
    void limitsAndRunOptionsReadTheSameWhateverTheSpelling() {
        docker.docker("run", "-d", "--name", "options-short", "-m", "128m", "--cpus", "0.5", "--init",
                "--restart", "on-failure:3", "--user", "1000:1000", "-e", "APP_ENV=prod", "--log-opt", "max-size=10m",
                "--read-only", "--health-cmd", "true", "--health-interval", "1s", "busybox", "sleep", "600");
        docker.docker("container", "run", "--detach", "--name", "options-long", "--memory=134217728",
                "--cpu-quota=50000", "--cpu-period=100000", "--pid=container:options-short", "busybox", "sleep", "600");

        passes("container", Map.ofEntries(Map.entry("name", "options-short"), Map.entry("state", "running"),
                Map.entry("memory", "128m"), Map.entry("cpus", "0.5"), Map.entry("init", true),
                Map.entry("restart", "on-failure:3"), Map.entry("user", "1000"), Map.entry("env", Map.of("APP_ENV", "prod")),
                Map.entry("log", Map.of("driver", "json-file", "options", Map.of("max-size", "10M"))),
                Map.entry("readOnly", true), Map.entry("healthcheck", true), Map.entry("pid", "private")));
        waitUntilHealthy("options-short");
        passes("container", Map.of("name", "options-short", "health", "healthy"));
        passes("container", Map.of("name", "options-long", "memory", "128m", "cpus", "0.5"));
        // (--pid=host is refused by the rootless sandbox itself; sharing another container's is the mistake left.)
        CheckOutcome sharedPid = fails("container", Map.of("name", "options-long", "pid", "private", "init", true));
        assertThat(sharedPid.message().en()).contains(
                "PID namespace container (--pid=container:",
                "started without --init");
        assertThat(fails("container", Map.of("name", "options-short", "memory", "256m")).message().fr())
                .contains("mémoire limitée à 128 MiB (attendu 256 MiB)");
    }

    private void waitUntilHealthy(String name) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!docker.docker("inspect", "-f", "{{.State.Health.Status}}", name).equals("healthy")) {
            assertThat(System.nanoTime()).as(name + " to become healthy").isLessThan(deadline);
            sleep(300);
        }
    }

    @Test
    void composeObjectsAnswerToTheirComposeNames() throws Exception {
        Path project = Files.createTempDirectory("compose");
        Files.writeString(project.resolve("docker-compose.yml"), """
                version: "3.8"
                services:
                  web:
                    image: nginx
                    ports: ["8090:80"]
                    networks: [backend]
                    volumes: ["data:/usr/share/nginx/html"]
                networks:
                  backend:
                    internal: true
                volumes:
                  data: {}
                """);
        HostDocker.Result up = docker.sh("docker-compose --project-name shop --file " + project.resolve("docker-compose.yml")
                + " up -d");
        assertThat(up.succeeded()).as("docker-compose up (apt-get install docker-compose): " + up.output()).isTrue();

        passes("container", Map.of("name", "web", "image", "nginx", "state", "running", "networks", List.of("backend"),
                "mounts", List.of("data:/usr/share/nginx/html")));
        passes("network", Map.of("name", "backend", "internal", true, "members", List.of("web"), "createdAfterReady", true));
        passes("volume", Map.of("name", "data", "file", Map.of("path", "index.html", "contains", "Welcome to nginx")));
        passes("probe", Map.of("from", "backend", "target", "http://web/", "contains", "Welcome to nginx"));
        passes("probe", Map.of("from", "bridge", "target", "dns:web", "expect", "unreachable"));
        assertThat(fails("network", Map.of("name", "backend", "internal", false)).message().en())
                .contains("created with --internal");
    }

    @Test
    void eventHistoryFollowsEachContainerThroughItsLife() {
        docker.docker("run", "-d", "--name", "cycle-stop", "nginx");
        docker.docker("stop", "cycle-stop");
        docker.docker("rm", "cycle-stop");
        docker.docker("run", "-d", "--name", "cycle-force", "nginx");
        docker.docker("rm", "-f", "cycle-force");
        docker.docker("run", "-d", "--name", "cycle-open", "nginx");
        String nginxId = docker.docker("image", "inspect", "-f", "{{.Id}}", "nginx").substring(7, 19);
        docker.docker("run", "-d", "--name", "cycle-id", nginxId);

        Map<String, Object> lifecycle = Map.of("actions", List.of("start", "die", "destroy"), "image", "nginx");
        passes("container-events", with(lifecycle, "name", "cycle-stop"));
        passes("container-events", with(lifecycle, "name", "cycle-force"));
        passes("container-events", Map.of("name", "cycle-force", "actions", List.of("kill[signal=9]", "die[exitCode!=0]")));
        passes("container-events", Map.of("name", "cycle-id", "image", "nginx:latest", "actions", List.of("start")));
        passes("container", Map.of("name", "cycle-id", "image", "docker.io/library/nginx"));
        assertThat(fails("container-events", with(lifecycle, "name", "cycle-open")).message().fr())
                .contains("Le conteneur « cycle-open »", "événements vus : create", "start",
                        "il manque « die » après « start »");
        assertThat(fails("container-events", with(lifecycle, "name", "cycle-never")).message().en())
                .contains("The daemon's history shows no container cycle-never of image nginx.");
        passes("container-absent", Map.of("name", "cycle-stop"));
        assertThat(fails("container-absent", Map.of("name", "cycle-open")).message().en())
                .contains("1 container(s) named cycle-open left: cycle-open (nginx, running)");
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> all = new java.util.HashMap<>(base);
        all.put(key, value);
        return all;
    }

    @Test
    void imagesTheirConfigHistoryAndDanglingOnes() throws Exception {
        Path context = Files.createTempDirectory("build");
        Files.writeString(context.resolve("requirements.txt"), "flask\n");
        Files.writeString(context.resolve("app.sh"), "echo app\n");
        Files.writeString(context.resolve("Dockerfile"), """
                FROM busybox
                WORKDIR /app
                COPY requirements.txt .
                RUN echo installed > /app/deps
                COPY app.sh .
                ENV PORT=8080
                EXPOSE 8080
                USER 1000
                HEALTHCHECK CMD true
                CMD ["sh", "app.sh"]
                """);
        docker.docker("build", "-q", "-t", "mon-app:1.0", context.toString());

        passes("image", Map.of("name", "mon-app", "user", "1000", "workdir", "/app", "exposedPorts", List.of(8080),
                "env", Map.of("PORT", "8080"), "healthcheck", true, "cmd", List.of("sh", "app.sh"), "maxSize", "10MB",
                "history", List.of("WORKDIR /app", "COPY", "echo installed", "COPY", "CMD [\"sh\" \"app.sh\"]")));
        assertThat(fails("image", Map.of("name", "mon-app:1.0", "history", List.of("EXPOSE 8080", "COPY")))
                .message().en()).contains("no step containing COPY after EXPOSE 8080 (steps: WORKDIR /app, COPY file:");
        assertThat(fails("image", Map.of("name", "mon-app:2.0")).message().fr()).contains("Aucune image « mon-app:2.0 »",
                "mon-app:1.0");

        docker.docker("run", "--name", "to-commit", "busybox", "true");
        docker.docker("commit", "to-commit");
        assertThat(fails("image-absent", Map.of("dangling", true)).message().en()).contains("1 dangling image (untagged) left");
        docker.docker("rm", "to-commit");
        docker.docker("image", "prune", "-f");
        passes("image-absent", Map.of("dangling", true));
        passes("events", Map.of("object", "image", "actions", List.of("delete")));
        passes("events", Map.of("object", "image", "name", "mon-app:1.0", "actions", List.of("tag")));
    }

    @Test
    void volumeFilesAreReadInPlace() {
        docker.docker("volume", "create", "notes");
        docker.docker("run", "--rm", "-v", "notes:/data", "busybox", "sh", "-c", "echo 'ne pas perdre' > /data/important.txt");

        passes("volume", Map.of("name", "notes", "driver", "local", "file", Map.of("path", "important.txt", "contains",
                "ne pas perdre")));
        assertThat(fails("volume", Map.of("name", "notes", "file", Map.of("path", "important.txt", "equals", "autre")))
                .message().fr()).contains("important.txt contient « ne pas perdre »");
        assertThat(fails("volume", Map.of("name", "notes", "file", Map.of("path", "absent.txt"))).message().en())
                .contains("no file absent.txt in the volume");
    }

    @Test
    void probesReachWhatTheNetworkLetsThem() {
        docker.docker("network", "create", "probe-net");
        docker.docker("run", "-d", "--name", "probe-web", "--network", "probe-net", "nginx");

        passes("probe", Map.of("from", "probe-net", "target", "http://probe-web/", "contains", "Welcome to nginx"));
        passes("probe", Map.of("from", "probe-net", "target", "tcp://probe-web:80"));
        passes("probe", Map.of("from", "probe-net", "target", "dns:probe-web"));
        passes("probe", Map.of("from", "container:probe-web", "target", "http://localhost/"));
        assertThat(fails("probe", Map.of("from", "probe-net", "target", "tcp://probe-web:5432")).message().en())
                .contains("From network probe-net, tcp://probe-web:5432 does not answer", "Connection refused");
        assertThat(fails("probe", Map.of("from", "probe-net", "target", "http://probe-web/absent")).message().en())
                .contains("404");
        passes("probe", Map.of("from", "bridge", "target", "http://probe-web/", "expect", "unreachable"));

        passes("container-absent", Map.of("state", List.of("exited", "created", "dead"), "image", "busybox"));
        assertThat(daemon.containers()).noneMatch(c -> c.labels().containsKey(DockerSandboxDaemon.HELPER_LABEL));
        assertThat(daemon.events().events()).noneMatch(e -> e.attributes().containsKey(DockerSandboxDaemon.HELPER_LABEL));
    }

    @Test
    void aContainerLabelledLikeTheEnginesHelpersIsNotHidden() {
        docker.docker("run", "-d", "--name", "disguised", "--label", DockerSandboxDaemon.HELPER_LABEL + "=true",
                "busybox", "sleep", "300");

        assertThat(fails("container-absent", Map.of("name", "disguised")).message().en()).contains("disguised");
        assertThat(daemon.events().events()).as("its events too")
                .anyMatch(e -> "disguised".equals(e.attributes().get("name")) && e.action().equals("start"));
    }

    @Test
    void theDaemonReportsItsPlatform() {
        passes("daemon", Map.of("os", "linux", "arch", "amd64"));
        assertThat(fails("daemon", Map.of("arch", "arm64")).message().en()).contains("OS/Arch linux/amd64", "Expected: linux/arm64");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
