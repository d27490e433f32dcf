package io.labfleet.terminal;

import io.labfleet.config.TerminalConfig;
import io.labfleet.provisioner.docker.DockerSandboxModel;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.DockerInstallation;
import io.labfleet.support.DockerSandboxes;
import io.labfleet.support.HostDocker;
import io.labfleet.support.TerminalClient;
import io.labfleet.support.TestClock;
import io.labfleet.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

/**
 * The browser terminal on real sandboxes, through the JDK's WebSocket client as a frontend would use it: the same
 * shell as ssh, resized, watched by an instructor, capped per person, closed when idle and when the sandbox ends.
 */
@Tag("engine")
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
class TerminalIT extends ApiTest {

    /** Lists hello-world, so the sandbox is seeded with its stand-in (nothing is pulled). */
    private static final String LAB = "p2-installation-check";
    private static final Duration SHELL = Duration.ofSeconds(60);
    /** Far more output than the buffers between a shell and a browser hold (pipes, sockets): 64 MiB. */
    private static final int FLOOD = 64 * 1024 * 1024;

    private int probes;

    @Inject
    TerminalSessions sessions;

    @Inject
    TerminalConfig config;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theLearnerTypesInTheSandboxsShellResizesItAndItClosesWhenTheSandboxIsDeleted() {
        String alice = Tokens.learner(freshTenant("term"), "alice");
        String id = DockerSandboxes.createReady(alice, LAB, null);

        try (TerminalClient terminal = TerminalClient.openWithTicket(alice, id, null)) {
            terminal.sendControl("{\"type\":\"resize\",\"columns\":100,\"rows\":30}");
            terminal.type("echo user=$(id -u) size=$(stty size | tr ' ' x) term=$TERM\r");
            // The sandbox's own uid, which its container runs as.
            String uid = HostDocker.run("inspect", "--format", "{{.Config.User}}",
                    DockerSandboxModel.name(DockerInstallation.id(), id)).split(":")[0];
            terminal.awaitPrinted("user=" + uid + " size=30x100 term=xterm-256color", SHELL);

            // A burst, as a window dragged by a fast hand (or a hostile page) sends: the last size is the shell's.
            for (int i = 0; i < 300; i++) {
                terminal.sendControl("{\"type\":\"resize\",\"columns\":" + (60 + i % 40) + ",\"rows\":" + (10 + i % 30) + "}");
            }
            terminal.sendControl("{\"type\":\"resize\",\"columns\":90,\"rows\":20}");
            Await.until(SHELL, () -> answer(terminal, "stty size | tr ' ' x"), "20x90"::equals,
                    "the shell to end at the burst's last size");

            terminal.type("docker run --rm hello-world\r");
            terminal.awaitPrinted("Hello from Docker!", SHELL);

            terminal.sendControl("{\"type\":\"ping\"}");
            terminal.sendControl("{\"type\":\"resize\",\"columns\":0}");
            Await.until(Duration.ofSeconds(20), terminal::controls, controls -> controls.size() >= 2, "a pong and an error");
            assertThat(terminal.controls().get(0)).isEqualTo("{\"type\":\"pong\"}");
            assertThat(terminal.controls().get(1)).contains("\"type\":\"error\"").contains("columns (1-1000)");
            assertThat(terminal.isClosed()).as("a bad control message leaves the terminal open").isFalse();
            assertThat(sessions.openFor(id)).isEqualTo(1);

            as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202);
            TerminalClient.Closed closed = terminal.awaitClosed(Duration.ofSeconds(30));
            assertThat(closed.code()).isEqualTo(TerminalRefusal.SANDBOX_UNUSABLE);
            assertThat(closed.reason()).isEqualTo("Sandbox " + id + " is TERMINATING; this terminal is closed.");
            assertThat(sessions.openFor(id)).isZero();
        }
    }

    @Test
    void anInstructorWatchesReadOnlyTheLearnerIsToldAndTheWatchIsAudited() {
        String tenant = freshTenant("term");
        String alice = Tokens.learner(tenant, "alice");
        String ines = Tokens.instructor(tenant, "ines");
        String id = DockerSandboxes.createReady(alice, LAB, null);

        try (TerminalClient learner = TerminalClient.openWithTicket(alice, id, null)) {
            learner.type("echo before-$((6*7))\r");
            learner.awaitPrinted("before-42", SHELL);

            try (TerminalClient watcher = TerminalClient.openWithTicket(ines, id, "mode=watch")) {
                watcher.awaitPrinted("watching the terminal of alice on " + id + ", read-only.", SHELL);
                watcher.awaitPrinted("before-42", SHELL);
                learner.awaitPrinted("labfleet: ines (instructor) is watching this terminal.", SHELL);

                learner.type("echo live-$((7*8))\r");
                watcher.awaitPrinted("live-56", SHELL);

                watcher.type("touch /tmp/typed-by-watcher\r");
                Await.until(Duration.ofSeconds(20), watcher::controls, c -> !c.isEmpty(), "the watcher to be told it is read-only");
                assertThat(watcher.controls().get(0)).contains("read-only");
                learner.type("ls /tmp/typed-by-watcher; echo checked-$((8*9))\r");
                String seen = learner.awaitPrinted("checked-72", SHELL);
                assertThat(seen).contains("No such file or directory");
            }
            learner.awaitPrinted("labfleet: ines (instructor) stopped watching.", SHELL);
        }

        as(ines).queryParam("action", "TERMINAL_WATCHED").queryParam("sandbox", id).get("/api/v1/audit")
                .then().statusCode(200).body("items.actor", hasItem("ines")).body("items.target.owner", hasItem("alice"));
        as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202);
    }

    @Test
    void aWatcherWhoseConnectionStallsIsClosedAndTheLearnerGoesOn() {
        String tenant = freshTenant("term");
        String alice = Tokens.learner(tenant, "alice");
        String ines = Tokens.instructor(tenant, "ines");
        String id = DockerSandboxes.createReady(alice, LAB, null);

        try (TerminalClient learner = TerminalClient.openWithTicket(alice, id, null);
             TerminalClient watcher = TerminalClient.openPaused(TerminalClient.ticketPath(ines, id) + "&mode=watch")) {
            learner.awaitPrinted("labfleet: ines (instructor) is watching this terminal.", SHELL);
            learner.type("head -c " + FLOOD / 2 + " /dev/zero | tr '\\0' x; echo; echo flood-$((3*11))\r");

            Await.until(SHELL, () -> sessions.openFor(id), open -> open == 1, "the stalled watcher to be let go");
            watcher.resume();
            TerminalClient.Closed closed = watcher.awaitClosed(SHELL);
            assertThat(closed.code()).isEqualTo(TerminalRefusal.TOO_SLOW);
            assertThat(closed.reason()).isEqualTo("Your connection did not keep up with this terminal's output; open it again.");
            assertThat(watcher.printed()).as("the watcher was sent part of the flood, not all of it").doesNotContain("flood-33");
            assertThat(watcher.received()).isLessThan(FLOOD / 4);

            learner.awaitPrinted("flood-33", Duration.ofMinutes(3));
            assertThat(learner.isClosed()).isFalse();
        } finally {
            as(alice).delete("/api/v1/sandboxes/" + id);
        }
    }

    @Test
    void aLearnerWhoseConnectionStallsHoldsTheirShellInsteadOfTheServiceBufferingItsOutput() throws InterruptedException {
        String bob = Tokens.learner(freshTenant("term"), "bob");
        String id = DockerSandboxes.createReady(bob, LAB, null);
        int chunks = FLOOD / 65536;

        try (TerminalClient other = TerminalClient.openWithTicket(bob, id, null);
             TerminalClient stalled = TerminalClient.openPaused(TerminalClient.ticketPath(bob, id))) {
            Await.until(SHELL, () -> sessions.openFor(id), open -> open == 2, "both terminals to be open");
            stalled.type("for i in $(seq 1 " + chunks + "); do head -c 65536 /dev/zero | tr '\\0' x; "
                    + "echo $i > /tmp/flood.new; mv /tmp/flood.new /tmp/flood; done\r");

            // The shell writes on while there is room between it and the browser; then it must wait.
            int before = -1;
            int now = floodProgress(other);
            for (int reading = 0; reading < 30 && (now != before || now == 0); reading++) {
                Thread.sleep(2000);
                before = now;
                now = floodProgress(other);
            }
            assertThat(now).as("the shell was held after %d of %d chunks", now, chunks)
                    .isPositive().isEqualTo(before).isLessThan(chunks / 2);
        } finally {
            as(bob).delete("/api/v1/sandboxes/" + id);
        }
    }

    private int floodProgress(TerminalClient terminal) {
        return Integer.parseInt(answer(terminal, "cat /tmp/flood 2>/dev/null || echo 0"));
    }

    /** Runs a command whose output starts with a digit and returns that output, told apart from the typed line. */
    private String answer(TerminalClient terminal, String command) {
        String marker = "answer-" + ++probes + "=";
        Pattern answer = Pattern.compile(Pattern.quote(marker) + "(\\d\\S*?)-");
        terminal.type("echo " + marker + "$(" + command + ")-\r");
        Matcher found = answer.matcher(Await.until(SHELL, terminal::printed, printed -> answer.matcher(printed).find(),
                "the shell to answer " + command));
        found.find();
        return found.group(1);
    }

    @Test
    void onePersonHoldsAFewTerminalsAtMostAndAnIdleOneIsClosed() {
        String bob = Tokens.learner(freshTenant("term"), "bob");
        String id = DockerSandboxes.createReady(bob, LAB, 120);
        List<TerminalClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < config.maxPerUser(); i++) {
                TerminalClient terminal = TerminalClient.openWithTicket(bob, id, null);
                open.add(terminal);
                terminal.type("echo ready-" + i + "\r");
                terminal.awaitPrinted("ready-" + i, SHELL);
            }
            try (TerminalClient oneTooMany = TerminalClient.openWithTicket(bob, id, null)) {
                TerminalClient.Closed closed = oneTooMany.awaitClosed(Duration.ofSeconds(20));
                assertThat(closed.code()).isEqualTo(TerminalRefusal.TOO_MANY);
                assertThat(closed.reason()).contains("You already have " + config.maxPerUser() + " terminals open");
            }

            // The sandbox itself must not look idle to the reaper while the service's clock jumps ahead.
            QuarkusTransaction.requiringNew().run(() -> Sandbox.update("lastActivityAt = ?1 where id = ?2",
                    Instant.now().plus(Duration.ofHours(2)), id));
            clock.advance(config.idleTimeout().minusSeconds(5));
            open.get(0).type("echo still-here\r");
            open.get(0).awaitPrinted("still-here", SHELL);
            clock.advance(Duration.ofSeconds(10));
            assertThat(sessions.closeIdleAndUnusable()).as("all but the terminal used lately are idle")
                    .isEqualTo(config.maxPerUser() - 1);
            TerminalClient.Closed idle = open.get(1).awaitClosed(Duration.ofSeconds(20));
            assertThat(idle.code()).isEqualTo(TerminalRefusal.IDLE);
            assertThat(idle.reason()).contains("Nothing was typed or printed for 30 min");
            assertThat(open.get(0).isClosed()).isFalse();
        } finally {
            open.forEach(TerminalClient::close);
            as(bob).delete("/api/v1/sandboxes/" + id);
        }
    }
}
