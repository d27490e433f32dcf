package io.labfleet.terminal;

import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.DockerBackendProfile;
import io.labfleet.support.DockerSandboxes;
import io.labfleet.support.HeadlessChromium;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The terminal page in a real browser (Debian's Chromium, headless, driven over the DevTools protocol) against
 * the running service and a real rootless sandbox: the learner logs in as a frontend passes them on, types, sees
 * the shell follow the window's size, and is told why the terminal closed. Every request the page makes goes to
 * the service, and its Content-Security-Policy refuses nothing the page needs.
 */
@QuarkusTest
@TestProfile(DockerBackendProfile.class)
class TerminalPageIT extends ApiTest {

    /** Lists hello-world, so the sandbox is seeded with its stand-in (nothing is pulled). */
    private static final String LAB = "p2-installation-check";
    private static final Duration SHELL = Duration.ofSeconds(60);
    private static final Pattern SIZE = Pattern.compile("size-(\\d+)=(\\d+)x(\\d+)");
    private static final String SCREEN = "Array.from(document.querySelectorAll('.xterm-rows > div'))"
            + ".map(row => row.textContent).join('\\n')";
    private static final String ROWS = "String(document.querySelectorAll('.xterm-rows > div').length)";
    private static final String STATUS = "document.getElementById('status').textContent";
    private static final String LOGIN_SHOWN = "String(getComputedStyle(document.getElementById('login')).display !== 'none')";

    private static HeadlessChromium browser;
    private int sizeProbes;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(1200, 900);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theLearnerRunsDockerInThePageTheShellFollowsTheWindowAndThePageSaysWhyItClosed() {
        String alice = Tokens.learner(freshTenant("page"), "alice");
        String id = DockerSandboxes.createReady(alice, LAB, null);
        String origin = "http://localhost:" + RestAssured.port;

        browser.navigate(origin + "/terminal/" + id + "?mode=watch#token=" + alice);
        String refused = awaitStatus("(4403)");
        assertThat(refused).as("a learner may not watch, and the page says so with the service's reason")
                .startsWith("Not allowed. ").contains("watch");

        browser.navigate(origin + "/terminal/" + id + "#token=" + alice);
        awaitStatus("Connected to " + id);
        assertThat(browser.evaluate(LOGIN_SHOWN)).as("no login form over a terminal opened with a token").isEqualTo("false");
        assertThat(browser.evaluate("location.href")).as("the token leaves the address bar")
                .isEqualTo(origin + "/terminal/" + id);

        browser.typeLine("docker run --rm hello-world");
        awaitScreen("Hello from Docker!");
        browser.screenshot(Path.of("target/terminal-page/hello-world.png"));

        int[] large = shellSize();
        browser.resizeWindow(700, 400);
        Await.until(SHELL, () -> Integer.parseInt(browser.evaluate(ROWS)), rows -> rows < large[0],
                "the page to fit the terminal to the smaller window");
        int[] small = Await.until(SHELL, this::shellSize,
                size -> size[0] == Integer.parseInt(browser.evaluate(ROWS)), "the shell to get the page's size");
        assertThat(small[0]).isLessThan(large[0]);
        assertThat(small[1]).as("columns").isLessThan(large[1]);

        as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202);
        String closed = awaitStatus("(4409)");
        assertThat(closed).isEqualTo("The sandbox is not usable any more. Sandbox " + id
                + " is TERMINATING; this terminal is closed. (4409)");
        awaitScreen("[The sandbox is not usable any more.");
        browser.screenshot(Path.of("target/terminal-page/closed.png"));

        assertThat(browser.requestedUrls()).as("nothing the page loads or opens is elsewhere than the service")
                .isNotEmpty().allMatch(url -> url.startsWith(origin + "/") || url.startsWith("ws://localhost:"
                        + RestAssured.port + "/") || url.equals("about:blank"));
        assertThat(browser.problems()).as("the page's policy refuses nothing it needs")
                .noneMatch(problem -> problem.contains("Content Security Policy"));
    }

    @Test
    void withTheDevelopmentLoginThePageAsksForAUserAndShowsWhatTheServiceRefuses() {
        String origin = "http://localhost:" + RestAssured.port;
        browser.navigate(origin + "/terminal/sb-nothere");
        Await.until(SHELL, () -> browser.evaluate(LOGIN_SHOWN), "true"::equals, "the page to show its development login");

        logIn("alice", "not-her-password");
        String refused = awaitStatus("Cannot open the terminal");
        assertThat(refused).doesNotContain("not-her-password");
        assertThat(browser.evaluate(LOGIN_SHOWN)).isEqualTo("true");

        logIn("alice", "alice");
        Await.until(SHELL, () -> browser.evaluate(STATUS), status -> status.contains("sb-nothere")
                && status.startsWith("Cannot open the terminal"), "the page to say there is no such sandbox");
    }

    private void logIn(String user, String password) {
        browser.evaluate("document.getElementById('user').value = '" + user + "';"
                + "document.getElementById('password').value = '" + password + "';"
                + "document.getElementById('status').textContent = '';"
                + "document.getElementById('login').requestSubmit()");
    }

    /** Types {@code stty size} into the page and reads the answer from its screen: {rows, columns}. */
    private int[] shellSize() {
        int probe = ++sizeProbes;
        browser.typeLine("echo size-" + probe + "=$(stty size | tr ' ' x)");
        String screen = Await.until(SHELL, () -> browser.evaluate(SCREEN),
                text -> SIZE.matcher(text).results().anyMatch(m -> m.group(1).equals(String.valueOf(probe))),
                "the shell to print its size");
        Matcher found = SIZE.matcher(screen);
        int[] size = null;
        while (found.find()) {
            if (found.group(1).equals(String.valueOf(probe))) {
                size = new int[] {Integer.parseInt(found.group(2)), Integer.parseInt(found.group(3))};
            }
        }
        return size;
    }

    private String awaitScreen(String text) {
        return Await.until(SHELL, () -> browser.evaluate(SCREEN), screen -> screen.contains(text),
                "the page's terminal to show '" + text + "'");
    }

    private String awaitStatus(String text) {
        return Await.until(SHELL, () -> browser.evaluate(STATUS), status -> status.contains(text),
                "the page to say '" + text + "'");
    }
}
