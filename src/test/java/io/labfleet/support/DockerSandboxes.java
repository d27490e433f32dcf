package io.labfleet.support;

import io.labfleet.sandbox.Sandbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.RestAssured;

import java.time.Duration;
import java.util.Set;

/** Helpers for suites that create real sandboxes through the API (with {@link DockerBackendProfile}). */
public final class DockerSandboxes {

    /** A cold sandbox starts in about 2 s; this leaves room for a busy machine shared by several suites. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private DockerSandboxes() {
    }

    /**
     * Creates a sandbox of the lab as the token's learner, and returns its id once it is usable with its lab's images
     * in: suites reach its daemon straight, past the wait every learner's way in makes for them.
     */
    public static String createReady(String token, String labId, Integer ttlMinutes) {
        String body = ttlMinutes == null ? "{\"labId\":\"" + labId + "\"}"
                : "{\"labId\":\"" + labId + "\",\"ttlMinutes\":" + ttlMinutes + "}";
        String id = request(token).body(body).post("/api/v1/sandboxes").then().statusCode(202).extract().path("id");
        awaitState(token, id, Set.of("READY", "EXPIRING"), READY_TIMEOUT);
        awaitImagesIn(token, id);
        return id;
    }

    /** Waits until the usable sandbox's lab images are in ({@code imagesPending} false). */
    public static void awaitImagesIn(String token, String id) {
        Await.until(READY_TIMEOUT, () -> request(token).get("/api/v1/sandboxes/" + id).then().statusCode(200)
                .extract().<Boolean>path("imagesPending"), pending -> !pending, "the images of " + id + " in");
    }

    /** Waits until the sandbox is in one of {@code states}; fails at once if it ends FAILED instead. */
    public static String awaitState(String token, String id, Set<String> states, Duration timeout) {
        return Await.until(timeout, () -> stateOf(token, id),
                state -> states.contains(state) || (!states.contains("FAILED") && "FAILED".equals(state)),
                id + " to be one of " + states);
    }

    public static String stateOf(String token, String id) {
        return request(token).get("/api/v1/sandboxes/" + id).then().statusCode(200).extract().path("state");
    }

    public static String reasonOf(String token, String id) {
        return request(token).get("/api/v1/sandboxes/" + id).then().statusCode(200).extract().path("reason");
    }

    /** The {@code tcp://address:port} of the sandbox's own daemon, which the service keeps to itself. */
    public static String daemonEndpoint(String id) {
        Sandbox sandbox = QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(id));
        return "tcp://" + sandbox.daemonHost + ":" + sandbox.daemonPort;
    }

    public static String daemonAddress(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Sandbox.<Sandbox>findById(id).daemonHost);
    }

    private static io.restassured.specification.RequestSpecification request(String token) {
        return RestAssured.given().auth().oauth2(token).contentType("application/json");
    }
}
