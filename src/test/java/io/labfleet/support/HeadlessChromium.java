package io.labfleet.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven over the Chrome DevTools protocol with the JDK's WebSocket client: no driver
 * binary and no client library that could fetch one. It starts with a new empty profile and with every background
 * service off, and resolves no name but {@code localhost}, so nothing it does leaves this machine. It keeps every
 * event of the page (requests, sockets, console and log entries) for the test to read.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket page) {
        this.process = process;
        this.profile = profile;
        this.page = page;
    }

    /** Starts Chromium with a window of the given size and connects to its one page. */
    public static HeadlessChromium start(int width, int height) {
        Path profile;
        try {
            profile = Files.createTempDirectory("labfleet-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process;
        try {
            process = new ProcessBuilder(BINARY.toString(),
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability",
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
                    "--user-data-dir=" + profile, "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                    "--window-size=" + width + "," + height, "about:blank")
                    .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + BINARY + " (Debian package chromium)", e);
        }
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            String port = Await.until(WAIT, () -> readFirstLine(portFile), line -> line != null && !line.isBlank(),
                    "Chromium to open its DevTools port (log: " + profile.resolve("chromium.log") + ")");
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port.trim() + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String pageSocket = Stream.of(JSON.treeToValue(targets, JsonNode[].class))
                    .filter(target -> "page".equals(target.path("type").asText())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("Chromium opened no page: " + targets))
                    .path("webSocketDebuggerUrl").asText();
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                private final StringBuilder message = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    message.append(data);
                    if (last) {
                        self[0].received(message.toString());
                        message.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            self[0] = new HeadlessChromium(process, profile, socket);
            self[0].call("Page.enable", Map.of());
            self[0].call("Network.enable", Map.of());
            self[0].call("Log.enable", Map.of());
            self[0].call("Runtime.enable", Map.of());
            return self[0];
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e instanceof RuntimeException runtime ? runtime : new UncheckedIOException((IOException) e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    private static String readFirstLine(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().findFirst().orElse(null) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = answers.remove(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            } else {
                events.add(message);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one DevTools command and returns its result; an error answer fails. */
    public JsonNode call(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        answers.put(id, answer);
        ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
        command.set("params", JSON.valueToTree(params));
        page.sendText(command.toString(), true).join();
        JsonNode reply = answer.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** Opens the address and waits until its document has loaded. */
    public void navigate(String url) {
        long loadsBefore = loads();
        call("Page.navigate", Map.of("url", url));
        Await.until(WAIT, this::loads, loads -> loads > loadsBefore, "the page " + url + " to load");
    }

    private long loads() {
        return events.stream().filter(event -> "Page.loadEventFired".equals(event.path("method").asText())).count();
    }

    /** Evaluates a JavaScript expression in the page and returns its value as a string ("" for null). */
    public String evaluate(String expression) {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("The page threw: " + result.get("exceptionDetails"));
        }
        JsonNode value = result.path("result").path("value");
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }

    /** Types text into the focused element, as a keyboard's input would, then presses Enter. */
    public void typeLine(String text) {
        call("Input.insertText", Map.of("text", text));
        for (String type : List.of("keyDown", "keyUp")) {
            call("Input.dispatchKeyEvent", Map.of("type", type, "key", "Enter", "code", "Enter",
                    "windowsVirtualKeyCode", 13, "text", "\r"));
        }
    }

    /** Gives the page's window another size, as a learner dragging it would (the page gets a resize event). */
    public void resizeWindow(int width, int height) {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 1,
                "mobile", false));
    }

    /** Saves what the page shows as a PNG (for a person to look at when a test fails). */
    public void screenshot(Path file) {
        byte[] png = java.util.Base64.getDecoder().decode(call("Page.captureScreenshot", Map.of("format", "png"))
                .path("data").asText());
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything the page fetched or opened: request and WebSocket URLs, in order. */
    public List<String> requestedUrls() {
        return events.stream().filter(event -> List.of("Network.requestWillBeSent", "Network.webSocketCreated")
                        .contains(event.path("method").asText()))
                .map(event -> event.path("params").has("request")
                        ? event.path("params").path("request").path("url").asText()
                        : event.path("params").path("url").asText())
                .toList();
    }

    /** The log entries (errors and warnings, CSP violations among them) and console errors of the page. */
    public List<String> problems() {
        return events.stream().flatMap(event -> switch (event.path("method").asText()) {
            case "Log.entryAdded" -> {
                JsonNode entry = event.path("params").path("entry");
                yield List.of("error", "warning").contains(entry.path("level").asText())
                        ? Stream.of(entry.path("source").asText() + ": " + entry.path("text").asText()) : Stream.empty();
            }
            case "Runtime.exceptionThrown" -> Stream.of("exception: " + event.path("params").path("exceptionDetails"));
            case "Runtime.consoleAPICalled" -> "error".equals(event.path("params").path("type").asText())
                    ? Stream.of("console: " + event.path("params").path("args")) : Stream.empty();
            default -> Stream.empty();
        }).toList();
    }

    @Override
    public void close() {
        page.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Folders.deleteTree(profile);
    }
}
