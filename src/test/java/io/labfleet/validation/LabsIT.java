package io.labfleet.validation;

import io.labfleet.lab.Lab;
import io.labfleet.lab.LabCatalog;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.DockerSandboxes;
import io.labfleet.support.HostDocker;
import io.labfleet.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.labfleet.sandbox.Sandbox;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every lab, end to end on real sandboxes of the Docker backend, through the API, each run judged on every check
 * ({@link LabScenario#judge}): a fresh sandbox fails exactly the checks its {@code nothing-done} variant names;
 * after the reference solution (run with the real docker CLI) every check passes; after each variant, exactly the
 * checks it names fail, saying what was found and then their hint (a mistake), or every check passes (another
 * valid way).
 * <p>
 * A lab whose checks read the daemon's event history plays each script on a new sandbox: a daemon cannot forget
 * its events, so a sandbox reset would let one script's history pass another's checks. The other labs play all
 * their scripts on one sandbox, emptied between scripts. Labs run side by side.
 */
@Tag("engine")
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
class LabsIT extends ApiTest {

    private static final int LABS_AT_ONCE = 3;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    @Inject
    LabCatalog catalog;

    @TestFactory
    Stream<DynamicTest> everyLabOnARealSandbox() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(LABS_AT_ONCE);
        try {
            Map<Lab, Future<List<String>>> played = catalog.all().stream().filter(LabsIT::selected).collect(Collectors.toMap(lab -> lab,
                    lab -> pool.submit(() -> play(lab)), (a, b) -> a, java.util.LinkedHashMap::new));
            List<DynamicTest> tests = new ArrayList<>();
            for (var entry : played.entrySet()) {
                List<String> problems = outcome(entry.getValue());
                tests.add(DynamicTest.dynamicTest(entry.getKey().id(), () -> assertThat(problems)
                        .as("what went wrong in lab " + entry.getKey().id()).isEmpty()));
            }
            return tests.stream();
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code -Dlabs.only=p4-,p7-lamp-stack} plays only the labs whose id starts with one of these. */
    private static boolean selected(Lab lab) {
        String only = System.getProperty("labs.only", "");
        return only.isBlank() || java.util.Arrays.stream(only.split(",")).anyMatch(prefix -> lab.id().startsWith(prefix.trim()));
    }

    private static List<String> outcome(Future<List<String>> played) throws InterruptedException {
        try {
            return played.get();
        } catch (ExecutionException e) {
            return List.of("the lab could not be played: " + e.getCause());
        }
    }

    /** Plays every script of the lab; returns what went wrong, empty when all went as expected. */
    private List<String> play(Lab lab) {
        String tenant = freshTenant(lab.id().substring(0, 2));
        List<LabScenario> scenarios = LabScenario.of(lab);
        List<String> problems = new ArrayList<>();
        boolean freshEach = scenarios.get(0).needsFreshSandbox();
        String sharedOwner = Tokens.learner(tenant, "shared");
        String shared = freshEach ? null : DockerSandboxes.createReady(sharedOwner, lab.id(), null);
        boolean first = true;
        for (LabScenario scenario : scenarios) {
            String owner = freshEach ? Tokens.learner(tenant, scenario.name()) : sharedOwner;
            String sandbox = freshEach ? DockerSandboxes.createReady(owner, lab.id(), null) : shared;
            SandboxShell docker = shell(sandbox);
            assertImagesPresent(docker, lab);
            if (!freshEach && !first) {
                empty(docker, lab);
            }
            first = false;
            HostDocker.Result script = docker.script(scenario.script(), lab.folder());
            if (!script.succeeded()) {
                problems.add(scenario + " did not run (exit " + script.exitCode() + "): " + script.output());
            } else {
                problems.addAll(scenario.judge(validate(owner, sandbox).getList("results")));
            }
            if (freshEach) {
                as(owner).delete("/api/v1/sandboxes/" + sandbox).then().statusCode(202);
            }
        }
        if (shared != null) {
            as(sharedOwner).delete("/api/v1/sandboxes/" + shared).then().statusCode(202);
        }
        return problems;
    }

    /** Starts a validation run and returns it once it ended; a run that ends ERROR fails the test at once. */
    private static JsonPath validate(String token, String sandbox) {
        String runId = as(token).post("/api/v1/sandboxes/" + sandbox + "/validations").then().statusCode(202)
                .extract().path("id");
        JsonPath run = Await.until(RUN_TIMEOUT, () -> as(token).get("/api/v1/validations/" + runId).then()
                        .statusCode(200).extract().jsonPath(),
                r -> List.of("COMPLETED", "ERROR").contains(r.getString("state")), "validation run " + runId + " to end");
        assertThat(run.getString("state")).as("run " + runId + ": " + run.getString("error")).isEqualTo("COMPLETED");
        return run;
    }

    /** The lab's images are in once the sandbox says so (createReady waits for it): a script must find each, no pull. */
    private static void assertImagesPresent(SandboxShell docker, Lab lab) {
        List<String> present = List.of(docker.docker("images", "--format", "{{.Repository}}:{{.Tag}}").split("\n"));
        org.assertj.core.api.Assertions.assertThat(present).as("images of lab " + lab.id() + " once they are in")
                .containsAll(lab.images());
    }

    private static SandboxShell shell(String sandboxId) {
        Sandbox sandbox = QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(sandboxId));
        return new SandboxShell(sandbox.daemonHost, sandbox.daemonPort);
    }

    /** Removes everything a script made, keeping the lab's images (which every script may use). */
    private static void empty(SandboxShell docker, Lab lab) {
        String keep = String.join("|", lab.images());
        HostDocker.Result emptied = docker.sh("set -e; "
                + "ids=$(docker ps -aq); [ -z \"$ids\" ] || docker rm -f -v $ids >/dev/null; "
                + "vols=$(docker volume ls -q); [ -z \"$vols\" ] || docker volume rm -f $vols >/dev/null; "
                + "docker network prune -f >/dev/null; "
                + "for image in $(docker images --filter dangling=false --format '{{.Repository}}:{{.Tag}}' "
                + "| grep -vxE '" + keep + "'); do "
                + "docker rmi -f \"$image\" >/dev/null; done; docker image prune -f >/dev/null");
        assertThat(emptied.succeeded()).as("emptying the sandbox: " + emptied.output()).isTrue();
    }
}
