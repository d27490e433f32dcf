package io.labfleet.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Keycloak for the end-to-end suites: the distribution that Maven unpacks into {@code target/keycloak}
 * ({@code keycloak.dist.home}), started in development mode on free loopback ports with an in-memory database,
 * and stopped with the suite. It imports the realm the repository ships ({@code keycloak/labfleet-realm.json})
 * with two test-only clients added, and the same realm again under another name ({@value #OTHER_REALM}) whose
 * tokens the service must refuse.
 */
public class KeycloakServer implements QuarkusTestResourceLifecycleManager {

    public static final String REALM = "labfleet";
    public static final String OTHER_REALM = "elsewhere";
    /** The console's client as the repository ships it: authorization code with PKCE. */
    public static final String CONSOLE_CLIENT = "labfleet-console";
    /** Test only: a copy of the console client that also allows the password grant, so tests log in in one call. */
    public static final String TEST_CLIENT = "labfleet-tests";
    /** Test only: like {@link #TEST_CLIENT}, with access tokens that live {@value #SHORT_LIFESPAN_SECONDS} seconds. */
    public static final String SHORT_LIVED_CLIENT = "labfleet-tests-short-lived";
    public static final int SHORT_LIFESPAN_SECONDS = 4;

    static final Path SHIPPED_REALM = Path.of("keycloak/labfleet-realm.json");
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(4);

    private static String url;
    private Process process;
    private Thread stopOnExit;

    /** Where Keycloak answers, e.g. {@code http://127.0.0.1:41234}. */
    public static String url() {
        return url;
    }

    public static String realmUrl(String realm) {
        return url + "/realms/" + realm;
    }

    @Override
    public Map<String, String> start() {
        String configuredHome = System.getProperty("keycloak.dist.home");
        Path home = Path.of(configuredHome == null ? "target/keycloak/missing" : configuredHome).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution in " + home
                    + "; run the tests through Maven, which unpacks it (maven-dependency-plugin, phase process-test-resources).");
        }
        try {
            writeRealms(home.resolve("data/import"));
            int httpPort = freePort();
            Path log = home.resolveSibling("keycloak.log");
            ProcessBuilder builder = new ProcessBuilder("bash", "bin/kc.sh", "start-dev", "--db=dev-mem", "--import-realm",
                    "--http-host=127.0.0.1", "--http-port=" + httpPort, "--http-management-port=" + freePort())
                    .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            process = builder.start();
            stopOnExit = new Thread(this::stopProcess, "keycloak-stop");
            Runtime.getRuntime().addShutdownHook(stopOnExit);
            url = "http://127.0.0.1:" + httpPort;
            awaitRealms(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.oidc.auth-server-url", realmUrl(REALM),
                "labfleet.console.auth-server-url", realmUrl(REALM));
    }

    @Override
    public void stop() {
        stopProcess();
        if (stopOnExit != null) {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    /** The shipped realm plus the test clients, and its twin under another name. Nothing else differs. */
    static void writeRealms(Path importDir) throws IOException {
        if (Files.isDirectory(importDir)) {
            try (Stream<Path> old = Files.walk(importDir)) {
                old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(importDir);
        ObjectMapper json = new ObjectMapper();
        ObjectNode realm = (ObjectNode) json.readTree(SHIPPED_REALM.toFile());
        JsonNode console = findClient(realm, CONSOLE_CLIENT);
        realm.withArray("clients").add(testClient(console, TEST_CLIENT, null));
        realm.withArray("clients").add(testClient(console, SHORT_LIVED_CLIENT, SHORT_LIFESPAN_SECONDS));
        json.writeValue(importDir.resolve(REALM + "-realm.json").toFile(), realm);
        String twin = json.writeValueAsString(realm)
                .replace("\"realm\":\"" + REALM + "\"", "\"realm\":\"" + OTHER_REALM + "\"")
                .replace("default-roles-" + REALM, "default-roles-" + OTHER_REALM);
        Files.writeString(importDir.resolve(OTHER_REALM + "-realm.json"), twin);
    }

    private static JsonNode findClient(JsonNode realm, String clientId) {
        for (JsonNode client : realm.path("clients")) {
            if (clientId.equals(client.path("clientId").asText())) {
                return client;
            }
        }
        throw new IllegalStateException(SHIPPED_REALM + " has no client " + clientId);
    }

    private static ObjectNode testClient(JsonNode console, String clientId, Integer tokenLifespanSeconds) {
        ObjectNode client = console.deepCopy();
        client.put("clientId", clientId);
        client.put("name", "Tests only: " + clientId);
        client.put("directAccessGrantsEnabled", true);
        client.put("standardFlowEnabled", false);
        if (tokenLifespanSeconds != null) {
            ((ObjectNode) client.get("attributes")).put("access.token.lifespan", tokenLifespanSeconds.toString());
        }
        return client;
    }

    private void awaitRealms(Path log) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        for (String realm : List.of(REALM, OTHER_REALM)) {
            URI discovery = URI.create(realmUrl(realm) + "/.well-known/openid-configuration");
            while (!answers(http, discovery)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    stopProcess();
                    throw new IllegalStateException("Keycloak did not serve realm " + realm + (process.isAlive() ? " in "
                            + STARTUP_TIMEOUT : "; it exited with " + process.exitValue()) + ". Its log ends with:\n" + tail(log));
                }
                sleep();
            }
        }
    }

    private static boolean answers(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
