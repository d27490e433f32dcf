package io.labfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.labfleet.provisioner.SandboxLabels;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.HostDocker;
import io.labfleet.support.Processes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The learner's CLI, downloaded from the service, against the real Docker backend and SSH gateway: start sets up
 * the learner's own docker CLI (key, known_hosts, ~/.ssh/config block, current context), the exercise is checked
 * before and after the lab's solution, and stop takes everything away again, the learner's own ssh config byte
 * for byte. Logs in with the dev login (the device login has its own suite, {@link CliDeviceLoginIT}).
 */
@Tag("engine")
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
class LabfleetCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "carol";
    /** What the learner had in ~/.ssh/config before: start and stop must leave every byte of it as it was. */
    private static final String OWN_SSH_CONFIG = "# my laptop\nServerAliveInterval 30\nInclude ~/.ssh/work.d/*\n\n"
            + "Host github.com\n\tIdentityFile ~/.ssh/github\r\n  # café\n";

    private CliLearner learner;

    @BeforeEach
    void laptop() throws IOException {
        learner = CliLearner.withCliFromTheService();
        Files.createDirectories(learner.file(".ssh"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(learner.file(".ssh/config"), OWN_SSH_CONFIG);
        learner.labfleetWithInput(USER + "\n", "login", "--url", RestAssured.baseURI + ":" + RestAssured.port, "--dev", USER)
                .assertSuccess();
    }

    /** Ends what a failed test left running, through the API, so the learner's quota is free for the next. */
    @AfterEach
    void cleanUp() {
        var dev = RestAssured.given().auth().preemptive().basic(USER, USER);
        for (String id : dev.get("/api/v1/sandboxes?size=100").then().statusCode(200).extract().jsonPath()
                .<String>getList("items.findAll { it.state != 'TERMINATED' && it.state != 'FAILED' }.id")) {
            RestAssured.given().auth().preemptive().basic(USER, USER).delete("/api/v1/sandboxes/" + id);
        }
        learner.close();
    }

    @Test
    void startCheckSolutionCheckStopWithTheLearnersOwnDockerCli() throws IOException {
        Processes.Result started = learner.labfleet("start", "p3-container-lifecycle").assertSuccess();
        String id = json(learner.labfleet("status", "--json").assertSuccess().stdout()).get(0).path("id").asText();

        assertThat(started.stdout()).contains("Starting sandbox " + id + " for p3-container-lifecycle",
                "100% ready", "Sandbox " + id + " is ready until", "Docker context " + id + " created and in use.")
                .endsWith("Try: docker ps\n");
        String config = learner.read(".ssh/config");
        assertThat(config).startsWith("# >>> labfleet " + id + " ").endsWith(OWN_SSH_CONFIG)
                .contains("IdentityFile " + learner.file(".ssh/labfleet_ed25519"));
        assertThat(learner.read(".ssh/known_hosts")).startsWith("[localhost]:");
        assertThat(Files.getPosixFilePermissions(learner.file(".config/labfleet/credentials.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(learner.docker("context", "show").assertSuccess().stdout().strip()).isEqualTo(id);
        assertThat(learner.docker("info", "--format", "{{.Name}}").assertSuccess().stdout())
                .as("plain docker talks to the sandbox's engine, not this machine's").doesNotContain(hostEngineName());

        Processes.Result before = learner.labfleet("check");
        assertThat(before.exitCode()).as(before.toString()).isEqualTo(ExitCodes.NOT_DONE);
        assertThat(before.stdout()).contains("Checking " + id + " (lab p3-container-lifecycle)…", "✗ ", " of 4 checks passed.");

        learner.shell(Path.of("labs/p3-container-lifecycle").toAbsolutePath(), "sh solution.sh").assertSuccess();
        Processes.Result after = learner.labfleet("check").assertSuccess();
        assertThat(after.stdout()).contains("✓ ").doesNotContain("✗").contains("4 of 4 checks passed: well done.");

        assertThat(learner.labfleet("ssh", "--", "docker", "ps", "-a", "--format", "{{.Names}}").assertSuccess().stdout())
                .as("a command in the sandbox over ssh").isBlank();
        assertThat(learner.labfleet("extend", "10").assertSuccess().stdout()).startsWith("Sandbox " + id + " now runs until ");

        Processes.Result stopped = learner.labfleet("stop").assertSuccess();
        assertThat(stopped.stdout()).contains("Sandbox " + id + " stopped; docker context " + id + " removed; its block in ~/.ssh/config removed.");
        assertThat(learner.bytes(".ssh/config")).as("the learner's own ssh config, byte for byte")
                .isEqualTo(OWN_SSH_CONFIG.getBytes(StandardCharsets.UTF_8));
        assertThat(learner.docker("context", "ls", "--format", "{{.Name}}").assertSuccess().stdout()).doesNotContain(id);
        assertThat(learner.docker("context", "show").assertSuccess().stdout().strip()).isEqualTo("default");
        assertThat(json(learner.labfleet("status", "--json", id).assertSuccess().stdout()).path("state").asText())
                .isEqualTo("TERMINATED");
        assertThat(HostDocker.objectsLabelled(SandboxLabels.SANDBOX, id)).isEmpty();
    }

    @Test
    void theLabsFilesLandInTheirFolderAndNoUseLeavesTheCurrentContextAlone() throws IOException {
        Files.createDirectories(learner.workingDirectory().resolve("p8-non-root/app"));
        Files.writeString(learner.workingDirectory().resolve("p8-non-root/app/Dockerfile"), "FROM mine\n");

        Processes.Result started = learner.labfleet("start", "p8-non-root", "--no-use").assertSuccess();
        String id = json(learner.labfleet("status", "--json").assertSuccess().stdout()).get(0).path("id").asText();

        assertThat(started.stdout()).contains("Lab files in ./p8-non-root/: 1 written.")
                .endsWith("Try: docker --context " + id + " ps\n");
        assertThat(learner.workingDirectory().resolve("p8-non-root/app/app.py"))
                .hasSameBinaryContentAs(Path.of("labs/p8-non-root/app/app.py"));
        assertThat(learner.workingDirectory().resolve("p8-non-root/app/Dockerfile")).hasContent("FROM mine");
        assertThat(learner.workingDirectory().resolve("p8-non-root/prepare.sh")).doesNotExist();
        assertThat(learner.docker("context", "show").assertSuccess().stdout().strip()).isEqualTo("default");
        learner.docker("--context", id, "ps").assertSuccess();

        learner.labfleet("stop", id).assertSuccess();
        assertThat(learner.bytes(".ssh/config")).isEqualTo(OWN_SSH_CONFIG.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void errorsAreOneLineWithTheirExitCode() {
        Processes.Result unknown = learner.labfleet("start", "p99-nothing");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(unknown.stderr()).isEqualTo("labfleet: There is no lab 'p99-nothing'. GET /api/v1/labs lists the labs.\n");

        Processes.Result noSandbox = learner.labfleet("check");
        assertThat(noSandbox.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(noSandbox.stderr()).hasLineCount(1).contains("labfleet start");

        Processes.Result usage = learner.labfleet("start");
        assertThat(usage.exitCode()).isEqualTo(ExitCodes.USAGE);

        JsonNode labs = json(learner.labfleet("labs", "--json").assertSuccess().stdout());
        assertThat(labs.get(0).path("id").asText()).isEqualTo("p1-isolation");
        assertThat(learner.labfleet("labs").assertSuccess().stdout())
                .containsPattern("(?m)^p3-container-lifecycle +3\\.1  The container lifecycle \\(\\d+ min\\)$");

        learner.labfleet("logout").assertSuccess();
        Processes.Result loggedOut = learner.labfleet("labs");
        assertThat(loggedOut.exitCode()).isEqualTo(ExitCodes.LOGIN);
        assertThat(learner.file(".config/labfleet/credentials.json")).doesNotExist();
    }

    private static String hostEngineName() {
        return HostDocker.run("info", "--format", "{{.Name}}").strip();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }

    /** The CLI's exit codes (README, For learners; labfleet --help). */
    static final class ExitCodes {
        static final int NOT_DONE = 1;
        static final int USAGE = 2;
        static final int LOGIN = 3;
        static final int REFUSED = 4;
    }
}
