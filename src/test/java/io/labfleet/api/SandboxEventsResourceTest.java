package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.labfleet.api.SandboxResourceTest.LAB;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class SandboxEventsResourceTest extends ApiTest {

    @TestHTTPResource("/api/v1/sandboxes/")
    URL sandboxes;

    @Test
    void streamsStateChangesUntilTheSandboxEnds() throws Exception {
        String alice = Tokens.learner(freshTenant("sse"), "alice");
        String id = SandboxResourceTest.create(alice, "{\"labId\":\"" + LAB + "\"}");
        SandboxResourceTest.awaitState(alice, id, "READY");

        HttpRequest request = HttpRequest.newBuilder(URI.create(sandboxes + id + "/events"))
                .header("Authorization", "Bearer " + alice).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        // The stream's first event, the current state, is sent once it is subscribed to live events: from then on the
        // delete below cannot happen before the stream sees it. (The headers alone may come sooner: a delete sent on
        // them alone could end before the subscription, and the stream would then jump from READY to TERMINATED.)
        Iterator<String> lines = response.body().iterator();
        String first = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("data:")) {
                    return line;
                }
            }
            return "";
        }).get(30, TimeUnit.SECONDS);
        as(alice).delete("/api/v1/sandboxes/" + id).then().statusCode(202);

        String rest = CompletableFuture.supplyAsync(() -> {
            List<String> read = new ArrayList<>();
            lines.forEachRemaining(read::add);
            return String.join("\n", read);
        }).get(30, TimeUnit.SECONDS);
        String body = first + "\n" + rest;
        assertThat(body).contains("\"state\":\"READY\"").contains("\"state\":\"TERMINATING\"").contains("\"state\":\"TERMINATED\"");
        assertThat(body.indexOf("READY")).isLessThan(body.indexOf("TERMINATING"));
        assertThat(body.indexOf("\"TERMINATING\"")).isLessThan(body.indexOf("\"TERMINATED\""));
    }

    @Test
    void anotherLearnersStreamIsNotFound() {
        String tenant = freshTenant("sse2");
        String id = SandboxResourceTest.create(Tokens.learner(tenant, "alice"), "{\"labId\":\"" + LAB + "\"}");
        as(Tokens.learner(tenant, "bob")).accept("text/event-stream").get("/api/v1/sandboxes/" + id + "/events")
                .then().statusCode(404);
    }

    @Test
    void aLearnerHoldsAtMostTenStreamsOpenAtOnce() throws Exception {
        String alice = Tokens.learner(freshTenant("sse3"), "alice");
        String id = SandboxResourceTest.create(alice, "{\"labId\":\"" + LAB + "\"}");
        SandboxResourceTest.awaitState(alice, id, "READY");
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandboxes + id + "/events"))
                .header("Authorization", "Bearer " + alice).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30)).build();
        List<HttpResponse<Stream<String>>> open = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                HttpResponse<Stream<String>> stream = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                        .get(30, TimeUnit.SECONDS);
                open.add(stream);
                assertThat(stream.statusCode()).as("stream " + (i + 1)).isEqualTo(200);
            }
            HttpResponse<String> refused = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("content-type")).hasValue("application/problem+json");
            assertThat(refused.body()).contains("too-many-event-streams").contains("10 event streams");
        } finally {
            open.forEach(stream -> stream.body().close());
        }
        Await.until(Duration.ofSeconds(30), () -> {
            try {
                HttpResponse<Stream<String>> again = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                        .get(30, TimeUnit.SECONDS);
                again.body().close();
                return again.statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, status -> status == 200, "a stream to be allowed again once the others closed");
    }
}
