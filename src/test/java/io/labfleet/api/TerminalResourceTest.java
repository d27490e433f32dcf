package io.labfleet.api;

import io.labfleet.gateway.Learners;
import io.labfleet.support.ApiTest;
import io.labfleet.support.TerminalClient;
import io.labfleet.support.TestClock;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The terminal's tickets and every way a socket is refused, each with its close code and a reason a frontend can
 * show. On the fake backend, which cannot run a shell: a socket that gets past every check is closed with 1011 and
 * the backend's words, which tells an accepted ticket from a refused one.
 */
@QuarkusTest
class TerminalResourceTest extends ApiTest {

    private static final Duration CLOSE = Duration.ofSeconds(20);

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aTicketIsForTheSandboxesTheCallerMaySeeAndIsRandomEachTime() {
        String tenant = freshTenant("term");
        String alice = Tokens.learner(tenant, "alice");
        String id = Learners.readySandbox(alice);

        String first = as(alice).post("/api/v1/sandboxes/" + id + "/terminal-tickets").then().statusCode(200)
                .body("path", containsString("/api/v1/sandboxes/" + id + "/terminal?ticket="))
                .extract().path("ticket");
        String second = as(alice).post("/api/v1/sandboxes/" + id + "/terminal-tickets").then().extract().path("ticket");
        assertThat(first).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(second);

        as(Tokens.learner(tenant, "bob")).post("/api/v1/sandboxes/" + id + "/terminal-tickets").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE);
        as(Tokens.instructor(freshTenant("other"), "olga")).post("/api/v1/sandboxes/" + id + "/terminal-tickets")
                .then().statusCode(404);
        anonymous().post("/api/v1/sandboxes/" + id + "/terminal-tickets").then().statusCode(401);
    }

    @Test
    void aPlainGetOfTheSocketsPathIsToldToUpgrade() {
        anonymous().get("/api/v1/sandboxes/sb-any/terminal").then().statusCode(426).contentType(Problem.MEDIA_TYPE)
                .body("title", equalTo("WebSocket required"));
    }

    @Test
    void withoutATicketTheSocketIsClosedSayingHowToGetOne() {
        String id = Learners.readySandbox(Tokens.learner(freshTenant("term"), "alice"));
        try (TerminalClient terminal = TerminalClient.open("/api/v1/sandboxes/" + id + "/terminal")) {
            TerminalClient.Closed closed = terminal.awaitClosed(CLOSE);
            assertThat(closed.code()).isEqualTo(4400);
            assertThat(closed.reason()).contains("No ticket").contains("terminal-tickets");
        }
        try (TerminalClient terminal = TerminalClient.open("/api/v1/sandboxes/" + id + "/terminal?ticket=made-up")) {
            assertThat(terminal.awaitClosed(CLOSE)).isEqualTo(new TerminalClient.Closed(4401, "Unknown ticket: ask for a new one."));
        }
    }

    @Test
    void aTicketOpensOneSocketOnly() {
        String alice = Tokens.learner(freshTenant("term"), "alice");
        String id = Learners.readySandbox(alice);
        String path = TerminalClient.ticketPath(alice, id);

        try (TerminalClient first = TerminalClient.open(path)) {
            TerminalClient.Closed closed = first.awaitClosed(CLOSE);
            assertThat(closed.code()).as("the ticket was accepted; the fake backend has no shell").isEqualTo(1011);
            assertThat(closed.reason()).contains("cannot open a shell");
        }
        try (TerminalClient second = TerminalClient.open(path)) {
            TerminalClient.Closed closed = second.awaitClosed(CLOSE);
            assertThat(closed.code()).isEqualTo(4401);
            assertThat(closed.reason()).contains("already used");
        }
    }

    @Test
    void anExpiredTicketIsRefused() {
        String alice = Tokens.learner(freshTenant("term"), "alice");
        String id = Learners.readySandbox(alice);
        String path = TerminalClient.ticketPath(alice, id);

        clock.advance(Duration.ofSeconds(16));
        try (TerminalClient terminal = TerminalClient.open(path)) {
            TerminalClient.Closed closed = terminal.awaitClosed(CLOSE);
            assertThat(closed.code()).isEqualTo(4401);
            assertThat(closed.reason()).contains("expired").contains("ask for a new one");
        }
    }

    @Test
    void aTicketOpensOnlyTheSandboxItWasIssuedFor() {
        String tenant = freshTenant("term");
        tenantWithQuotas(tenant, 10, 2, 240);
        String alice = Tokens.learner(tenant, "alice");
        String first = Learners.readySandbox(alice);
        String second = Learners.readySandbox(alice);
        String bobs = Learners.readySandbox(Tokens.learner(tenant, "bob"));

        String aliceTicket = TerminalClient.ticketPath(alice, first).replaceFirst("^.*\\?", "?");
        try (TerminalClient terminal = TerminalClient.open("/api/v1/sandboxes/" + second + "/terminal" + aliceTicket)) {
            TerminalClient.Closed closed = terminal.awaitClosed(CLOSE);
            assertThat(closed.code()).isEqualTo(4403);
            assertThat(closed.reason()).contains("issued for another sandbox");
        }
        String anotherAliceTicket = TerminalClient.ticketPath(alice, first).replaceFirst("^.*\\?", "?");
        try (TerminalClient terminal = TerminalClient.open("/api/v1/sandboxes/" + bobs + "/terminal" + anotherAliceTicket)) {
            TerminalClient.Closed closed = terminal.awaitClosed(CLOSE);
            assertThat(closed.code()).as("alice's ticket does not open bob's sandbox").isEqualTo(4403);
            assertThat(closed.reason()).contains("issued for another sandbox");
        }
    }

    @Test
    void watchingIsForTheTenantsInstructorsAndAdminsAndTypingForTheLearner() {
        String tenant = freshTenant("term");
        String alice = Tokens.learner(tenant, "alice");
        String bob = Tokens.learner(tenant, "bob");
        String id = Learners.readySandbox(alice);
        Learners.readySandbox(bob);

        as(bob).post("/api/v1/sandboxes/" + id + "/terminal-tickets").then().statusCode(404);
        try (TerminalClient terminal = TerminalClient.openWithTicket(alice, id, "mode=watch")) {
            TerminalClient.Closed closed = terminal.awaitClosed(CLOSE);
            assertThat(closed.code()).as("a learner watches nobody, not even themselves").isEqualTo(4403);
            assertThat(closed.reason()).contains("mode=watch is for the tenant's instructors and admins");
        }
        try (TerminalClient terminal = TerminalClient.openWithTicket(Tokens.instructor(tenant, "ines"), id, null)) {
            TerminalClient.Closed closed = terminal.awaitClosed(CLOSE);
            assertThat(closed.code()).as("an instructor does not type in a learner's shell").isEqualTo(4403);
            assertThat(closed.reason()).contains("Only the sandbox's learner types");
        }
        try (TerminalClient terminal = TerminalClient.openWithTicket(alice, id, "mode=spy")) {
            assertThat(terminal.awaitClosed(CLOSE).code()).isEqualTo(4400);
        }
    }

    @Test
    void aSandboxThatEndedOpensNoTerminal() {
        String alice = Tokens.learner(freshTenant("term"), "alice");
        String id = Learners.readySandbox(alice);
        String path = TerminalClient.ticketPath(alice, id);
        as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202);

        try (TerminalClient terminal = TerminalClient.open(path)) {
            TerminalClient.Closed closed = terminal.awaitClosed(CLOSE);
            assertThat(closed.code()).isEqualTo(4409);
            assertThat(closed.reason()).contains("sandbox " + id + " is TERM");
        }
    }
}
