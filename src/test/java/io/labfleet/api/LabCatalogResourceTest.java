package io.labfleet.api;

import io.labfleet.lab.Lab;
import io.labfleet.lab.LabCatalogLoader;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code GET /api/v1/labs}: the catalog is serialised once and then handed out as it is, with an ETag; every lab in
 * course order without instructions, and a revalidation never skips the token check.
 */
@QuarkusTest
class LabCatalogResourceTest extends ApiTest {

    private static final List<Lab> LABS = new LabCatalogLoader().load(Path.of("labs")).stream()
            .sorted(Comparator.comparingInt(Lab::part).thenComparingInt(Lab::chapter).thenComparing(Lab::id)).toList();

    @Test
    void theCatalogListsEveryLabInCourseOrderWithoutInstructions() {
        String learner = Tokens.learner(freshTenant("catalog"), "alice");
        for (int round = 0; round < 2; round++) {
            List<Map<String, Object>> labs = as(learner).get("/api/v1/labs").then().statusCode(200)
                    .contentType("application/json").extract().jsonPath().getList("$");

            assertThat(labs).extracting(lab -> lab.get("id")).containsExactlyElementsOf(LABS.stream().map(Lab::id).toList());
            assertThat(labs).allSatisfy(lab -> assertThat(lab).containsKeys("title", "summary", "checks", "images")
                    .containsEntry("instructions", null));
        }
        as(learner).get("/api/v1/labs").then().body("[0].title.en", equalTo(LABS.get(0).title().en()))
                .body("[0].durationMinutes", equalTo((int) LABS.get(0).duration().toMinutes()));
    }

    @Test
    void theEtagRevalidatesWith304() {
        String learner = Tokens.learner(freshTenant("catalog"), "alice");
        String etag = as(learner).get("/api/v1/labs").then().statusCode(200).header("Cache-Control", "no-cache, private")
                .extract().header("ETag");

        assertThat(etag).matches("\"[0-9a-f]{64}\"");
        byte[] unchanged = as(learner).header("If-None-Match", etag).get("/api/v1/labs").then().statusCode(304)
                .header("ETag", etag).extract().asByteArray();
        assertThat(unchanged).isEmpty();
        as(learner).header("If-None-Match", "\"something-else\"").get("/api/v1/labs").then().statusCode(200);
    }

    @Test
    void aRevalidationStillNeedsAValidToken() {
        String learner = Tokens.learner(freshTenant("catalog"), "alice");
        String etag = as(learner).get("/api/v1/labs").then().statusCode(200).extract().header("ETag");

        anonymous().header("If-None-Match", etag).get("/api/v1/labs").then().statusCode(401).contentType(Problem.MEDIA_TYPE);
        as(Tokens.signedByStranger(freshTenant("catalog"), "alice", "learner")).header("If-None-Match", etag)
                .get("/api/v1/labs").then().statusCode(401).contentType(Problem.MEDIA_TYPE);
        as(Tokens.token(freshTenant("catalog"), "nobody", "offline_access")).get("/api/v1/labs").then().statusCode(403);
    }
}
