package io.labfleet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.labfleet.support.KeycloakLogin;
import io.labfleet.support.KeycloakProfile;
import io.labfleet.support.KeycloakServer;
import io.labfleet.support.Processes;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code labfleet login} with the OAuth 2.0 device grant against the real Keycloak running the shipped realm (its
 * public client {@code labfleet-cli}): the CLI shows an address, this test plays the learner's browser over HTTP
 * (login form, then whatever Keycloak asks to confirm), and the CLI ends up with tokens the API accepts, kept
 * readable by the learner only, renewed with the refresh token, and forgotten on logout.
 */
@Tag("keycloak")
@QuarkusTest
@TestProfile(KeycloakProfile.class)
class CliDeviceLoginIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADDRESS = Pattern.compile("^\\s+(http\\S+/device\\S*)$");
    private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*>(.*?)</form>", Pattern.DOTALL);
    private static final Pattern SUBMIT = Pattern.compile("<input[^>]*name=\"([^\"]+)\"[^>]*type=\"submit\"|<input[^>]*type=\"submit\"[^>]*name=\"([^\"]+)\"");

    private CliLearner learner;

    @BeforeEach
    void laptop() {
        learner = CliLearner.withCliFromTheService();
    }

    @AfterEach
    void cleanUp() {
        learner.close();
    }

    @Test
    void theServiceTellsTheCliHowToLogIn() {
        RestAssured.get("/api/v1/cli").then().statusCode(200)
                .body("authServerUrl", equalTo(KeycloakServer.realmUrl(KeycloakServer.REALM)))
                .body("clientId", equalTo("labfleet-cli"))
                .body("jar", equalTo("/cli/labfleet.jar"));
    }

    @Test
    void aLearnerLogsInInTheBrowserAndTheCliUsesRenewsAndForgetsTheTokens() throws Exception {
        Process login = learner.labfleetInBackground("login", "--url", RestAssured.baseURI + ":" + RestAssured.port);
        BufferedReader output = new BufferedReader(new InputStreamReader(login.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder shown = new StringBuilder();
        String address = null;
        for (String line = output.readLine(); line != null && address == null; line = output.readLine()) {
            shown.append(line).append('\n');
            Matcher matcher = ADDRESS.matcher(line);
            if (matcher.matches()) {
                address = matcher.group(1);
            }
        }
        assertThat(address).as("the CLI shows where to log in; it printed:\n" + shown)
                .startsWith(KeycloakServer.realmUrl(KeycloakServer.REALM) + "/device");

        String finalPage = new Browser().logIn(address, "alice");
        assertThat(login.waitFor(60, TimeUnit.SECONDS)).as("the CLI notices the login").isTrue();
        String rest = output.lines().collect(Collectors.joining("\n"));
        assertThat(login.exitValue()).as(shown + rest + "\nlast page: " + finalPage).isZero();
        assertThat(rest).contains("Logged in to " + RestAssured.baseURI + ":" + RestAssured.port + " as alice.");

        Path credentials = learner.file(".config/labfleet/credentials.json");
        assertThat(Files.getPosixFilePermissions(credentials)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        JsonNode stored = JSON.readTree(credentials.toFile());
        assertThat(KeycloakLogin.claims(stored.path("accessToken").asText()).path("azp").asText()).isEqualTo("labfleet-cli");
        assertThat(learner.labfleet("labs").assertSuccess().stdout()).contains("p3-container-lifecycle");

        ObjectNode expired = (ObjectNode) stored;
        expired.put("accessToken", "not-a-token").put("expiresAt", 0);
        Files.writeString(credentials, JSON.writeValueAsString(expired));
        assertThat(learner.labfleet("labs", "--json").assertSuccess().stdout()).as("renewed with the refresh token")
                .contains("\"id\" : \"p3-container-lifecycle\"");
        assertThat(JSON.readTree(credentials.toFile()).path("accessToken").asText()).isNotEqualTo("not-a-token");

        expired.put("refreshToken", "not-a-refresh-token");
        Files.writeString(credentials, JSON.writeValueAsString(expired));
        Processes.Result refused = learner.labfleet("labs");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.stderr()).isEqualTo("labfleet: Your login has expired: run labfleet login.\n");

        learner.labfleet("logout").assertSuccess();
        assertThat(credentials).doesNotExist();
        assertThat(learner.labfleet("status").exitCode()).isEqualTo(3);
    }

    /**
     * The learner's browser: follows redirects with its cookies ({@link KeycloakLogin#send}), fills the login form,
     * and confirms whatever Keycloak asks next, until a page asks nothing.
     */
    private static final class Browser {

        private final Map<String, String> cookies = new LinkedHashMap<>();

        String logIn(String address, String user) {
            HttpResponse<String> page = get(URI.create(address));
            for (int step = 0; step < 8; step++) {
                Matcher form = FORM.matcher(page.body());
                if (!form.find()) {
                    return page.body();
                }
                URI action = URI.create(form.group(1).replace("&amp;", "&"));
                Map<String, String> fields = new LinkedHashMap<>();
                if (form.group(2).contains("name=\"password\"")) {
                    fields.put("username", user);
                    fields.put("password", KeycloakLogin.demoPassword(user));
                } else {
                    Matcher submit = SUBMIT.matcher(form.group(2));
                    if (submit.find()) {
                        fields.put(submit.group(1) != null ? submit.group(1) : submit.group(2), "Yes");
                    }
                    Matcher code = Pattern.compile("name=\"device_user_code\"[^>]*value=\"([^\"]*)\"").matcher(form.group(2));
                    if (code.find()) {
                        fields.put("device_user_code", code.group(1));
                    }
                }
                page = post(page.uri().resolve(action), fields);
            }
            throw new AssertionError("Keycloak kept asking: " + page.body());
        }

        private HttpResponse<String> get(URI uri) {
            return follow(KeycloakLogin.send(HttpRequest.newBuilder(uri).GET(), cookies));
        }

        private HttpResponse<String> post(URI uri, Map<String, String> fields) {
            String form = fields.entrySet().stream().map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return follow(KeycloakLogin.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)), cookies));
        }

        private HttpResponse<String> follow(HttpResponse<String> response) {
            while (response.statusCode() / 100 == 3) {
                URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                response = KeycloakLogin.send(HttpRequest.newBuilder(next).GET(), cookies);
            }
            return response;
        }
    }
}
