package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.labfleet.api.SandboxResourceTest.LAB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

/**
 * A corpus of hostile requests (odd ids, query strings, bodies, content types, methods and tokens), as a
 * learner or a broken client could send them: none gets a 5xx, every refusal is a problem, and nothing is
 * created or changed.
 */
@QuarkusTest
class HostileRequestsResourceTest extends ApiTest {

    /** One request of the corpus; {@code path} is sent as written (already percent-encoded). */
    private record Hostile(String token, String method, String path, String contentType, String body) {

        /** Sent with the JDK's client, which passes bodies, content types and methods on as they are. */
        HttpResponse<String> send() {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            try {
                return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(this + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return method + " " + path + (contentType == null ? "" : " [" + contentType + "]")
                    + (body == null ? "" : " " + abbreviated(body));
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final List<String> ODD_IDS = List.of("sb-%00", "%00", "sb-%00abc", "sb-a%00b", "sb-%0A", "sb-%0D%0Ax",
            "sb-%1B%5B2J", "sb-%7F", "sb-%C0%AE", "sb-%FF%FE", "sb-%E2%80%AE", "sb-%F0%9F%92%A3", "..%2F..%2Fetc%2Fpasswd",
            "sb-%27%3B%20drop%20table%20sandbox%3B--", "sb-%25", "sb-" + "a".repeat(5000), "%20", "sb-%5Cx");

    private static final List<String> SANDBOX_ROUTES = List.of("GET /api/v1/sandboxes/{id}",
            "DELETE /api/v1/sandboxes/{id}", "POST /api/v1/sandboxes/{id}/extend", "GET /api/v1/sandboxes/{id}/context",
            "GET /api/v1/sandboxes/{id}/context/export", "POST /api/v1/sandboxes/{id}/validations",
            "GET /api/v1/sandboxes/{id}/validations", "GET /api/v1/sandboxes/{id}/events", "GET /api/v1/validations/{id}",
            "GET /api/v1/me/ssh-keys/{id}", "DELETE /api/v1/me/ssh-keys/{id}", "GET /api/v1/labs/{id}");

    private static final List<String> ODD_QUERIES = List.of("state=%00", "state=BOGUS", "page=-1", "page=99999999999",
            "size=0", "size=100000", "size=abc", "labId=%00", "learner=%00", "learner=" + "x".repeat(3000),
            "tenant=..%2Fglobex", "tenant=%00", "from=yesterday", "to=%00", "action=DROP", "sandbox=%0A", "size=1e9",
            "page=0x10");

    private static final List<String> ODD_BODIES = List.of("", "{", "null", "[]", "\"text\"", "{\"labId\":null}",
            "{\"labId\":\"" + LAB + "\",\"ttlMinutes\":-5}", "{\"labId\":\"" + LAB + "\",\"ttlMinutes\":1e308}",
            "{\"labId\":\"" + LAB + "\",\"ttlMinutes\":\"soon\"}", "{\"labId\":\"\\u0000\"}",
            "{\"labId\":\"" + "p".repeat(10000) + "\"}", "{\"labId\":[\"" + LAB + "\"]}",
            "{\"labId\":\"" + LAB + "\",\"extra\":1}", "[".repeat(5000), "{\"minutes\":-1}", "{\"minutes\":2147483648}",
            "{\"publicKey\":\"ssh-ed25519 \\u0000\"}", "{\"labId\":\"../../etc/passwd\"}");

    private static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-7");

    @Test
    void noHostileRequestGetsA5xxNorChangesAnything() {
        String tenant = freshTenant("hostile");
        String alice = Tokens.learner(tenant, "alice");
        String sandbox = as(alice).body("{\"labId\":\"" + LAB + "\"}").post("/api/v1/sandboxes").then().statusCode(202)
                .extract().path("id");
        String before = Await.until(Duration.ofSeconds(30),
                () -> as(alice).get("/api/v1/sandboxes/" + sandbox).then().statusCode(200).extract().asString(),
                // Its images go in after READY, which changes its answer: the snapshot is taken once they are in.
                view -> view.contains("\"READY\"") && view.contains("\"imagesPending\":false"),
                "the sandbox to be READY with its images in");
        int tenantsBefore = tenants().size();

        List<Hostile> corpus = corpus(alice, sandbox);
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        List<String> failures = new ArrayList<>();
        for (Hostile hostile : corpus) {
            HttpResponse<String> response = hostile.send();
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (response.statusCode() >= 500) {
                failures.add(response.statusCode() + " for " + hostile + ": " + abbreviated(response.body()));
            } else if (response.statusCode() >= 400 && response.statusCode() != 405 && !hostile.method().equals("HEAD")
                    && !contentType.startsWith("application/problem+json")) {
                failures.add(response.statusCode() + " without a problem for " + hostile + ": " + contentType);
            }
        }
        assertThat(failures).isEmpty();

        assertThat(as(alice).get("/api/v1/sandboxes/" + sandbox).then().statusCode(200).extract().asString())
                .as("the sandbox the corpus aimed at").isEqualTo(before);
        assertThat(as(alice).get("/api/v1/sandboxes").then().statusCode(200).extract().<Integer>path("total"))
                .as("no sandbox created").isEqualTo(1);
        assertThat(as(alice).get("/api/v1/me/ssh-keys").then().statusCode(200).extract().<List<?>>path("$"))
                .as("no key registered").isEmpty();
        assertThat(tenants()).as("no tenant registered for a bad claim").hasSize(tenantsBefore);
    }

    @Test
    void aTenantClaimOutsideTheRuleIsA403ProblemNamingTheRule() {
        for (String claim : List.of("[\"acme\",\"globex\"]", "42", "\"../globex\"", "\"\u00e9cole-\u4e2d\u6587\"",
                "\"" + "t".repeat(64) + "\"", "\"Acme\"", "\"acme_corp\"", "\"-acme\"", "\"\"", "{\"id\":\"acme\"}",
                "true", "\"acme\\u0000\"")) {
            String token = Tokens.withRawClaims(claim, "\"mallory\"");
            RestAssured.given().auth().oauth2(token).contentType("application/json").body("{\"labId\":\"" + LAB + "\"}")
                    .post("/api/v1/sandboxes").then().statusCode(403).contentType("application/problem+json")
                    .body("type", endsWith("/invalid-claim"))
                    .body("detail", containsString("'tenant' claim must be a string of lower-case letters, digits and '-'"));
        }
        String longSubject = Tokens.withRawClaims("\"" + freshTenant("sub") + "\"", "\"" + "s".repeat(5000) + "\"");
        RestAssured.given().auth().oauth2(longSubject).get("/api/v1/sandboxes").then().statusCode(403)
                .body("detail", containsString("'sub' claim must be 1 to 255 characters"));
    }

    private List<Map<String, Object>> tenants() {
        return as(Tokens.admin("root")).get("/api/v1/tenants").then().statusCode(200).extract().path("$");
    }

    private static List<Hostile> corpus(String alice, String sandbox) {
        List<Hostile> corpus = new ArrayList<>();
        for (String route : SANDBOX_ROUTES) {
            String[] parts = route.split(" ");
            for (String id : ODD_IDS) {
                corpus.add(new Hostile(alice, parts[0], parts[1].replace("{id}", id), "application/json",
                        parts[0].equals("POST") ? "{\"minutes\":10}" : null));
            }
        }
        String admin = Tokens.admin("root");
        for (String id : ODD_IDS) {
            corpus.add(new Hostile(admin, "GET", "/api/v1/tenants/" + id, null, null));
            corpus.add(new Hostile(admin, "PUT", "/api/v1/tenants/" + id, "application/json",
                    "{\"maxActiveSandboxes\":1,\"maxSandboxesPerLearner\":1,\"maxLifetimeMinutes\":60}"));
            corpus.add(new Hostile(alice, "PUT", "/api/v1/me/ssh-keys/" + id, "application/json",
                    "{\"publicKey\":\"ssh-ed25519 AAAA\"}"));
        }
        String instructor = Tokens.instructor(freshTenant("hostile"), "irene");
        for (String query : ODD_QUERIES) {
            for (String list : List.of("/api/v1/sandboxes", "/api/v1/progress", "/api/v1/audit",
                    "/api/v1/sandboxes/" + sandbox + "/validations")) {
                corpus.add(new Hostile(list.contains("progress") || list.contains("audit") ? instructor : alice,
                        "GET", list + "?" + query, null, null));
            }
        }
        for (String body : ODD_BODIES) {
            for (String contentType : List.of("application/json", "text/plain")) {
                corpus.add(new Hostile(alice, "POST", "/api/v1/sandboxes", contentType, body));
                corpus.add(new Hostile(alice, "POST", "/api/v1/sandboxes/" + sandbox + "/extend", contentType, body));
                corpus.add(new Hostile(alice, "PUT", "/api/v1/me/ssh-keys/laptop", contentType, body));
            }
        }
        for (String contentType : CONTENT_TYPES) {
            corpus.add(new Hostile(alice, "POST", "/api/v1/sandboxes", contentType, "labId=" + LAB));
            corpus.add(new Hostile(admin, "PUT", "/api/v1/tenants/ok-tenant-" + CONTENT_TYPES.indexOf(contentType),
                    contentType, "<tenant/>"));
        }
        for (String method : List.of("PATCH", "PUT", "TRACE", "OPTIONS", "HEAD")) {
            corpus.add(new Hostile(alice, method, "/api/v1/sandboxes", "application/json", "{}"));
            corpus.add(new Hostile(alice, method, "/api/v1/sandboxes/" + sandbox + "/context", "application/json", "{}"));
        }
        for (String tenant : List.of("[\"acme\",\"globex\"]", "7", "\"../globex\"", "\"\u0440\u043e\u0441\"",
                "\"" + "t".repeat(64) + "\"", "\"" + "t".repeat(300) + "\"", "null", "\"\"", "\"acme\\u0000\"",
                "\"ACME\"", "\"acme.corp\"", "{}")) {
            for (String subject : List.of("\"mallory\"", "\"" + "s".repeat(5000) + "\"", "\"m\\u0000x\"", "17")) {
                String token = Tokens.withRawClaims(tenant, subject);
                corpus.add(new Hostile(token, "POST", "/api/v1/sandboxes", "application/json",
                        "{\"labId\":\"" + LAB + "\"}"));
                corpus.add(new Hostile(token, "PUT", "/api/v1/me/ssh-keys/laptop", "application/json",
                        "{\"publicKey\":\"ssh-ed25519 AAAA\"}"));
            }
        }
        for (String token : List.of("", "x", "a.b.c", "%00", "e30.e30.", alice.substring(0, alice.length() - 5),
                alice + "x", alice.replace('.', '!'), "Bearer " + alice)) {
            corpus.add(new Hostile(token, "GET", "/api/v1/sandboxes", null, null));
        }
        return corpus;
    }

    private static String abbreviated(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }
}
