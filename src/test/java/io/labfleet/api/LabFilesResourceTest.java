package io.labfleet.api;

import io.labfleet.lab.Lab;
import io.labfleet.lab.LabCatalogLoader;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code GET /api/v1/labs/{labId}/files} for every shipped lab: exactly the files lab.yaml declares, byte for byte,
 * under {@code <labId>/}; never the solution, a variant or a script the tests source; an ETag that revalidates.
 */
@QuarkusTest
class LabFilesResourceTest extends ApiTest {

    private static final List<Lab> LABS = new LabCatalogLoader().load(Path.of("labs"));

    @Test
    void everyLabServesItsDeclaredFilesByteForByteAndNothingElse() throws IOException {
        String learner = Tokens.learner(freshTenant("files"), "alice");
        for (Lab lab : LABS) {
            ExtractableResponse<Response> answer = as(learner).get("/api/v1/labs/" + lab.id() + "/files").then()
                    .statusCode(200).contentType(LabFilesArchive.MEDIA_TYPE).extract();
            Map<String, byte[]> served = untar(answer.asByteArray());

            Map<String, byte[]> expected = new LinkedHashMap<>();
            expected.put(lab.id() + "/", null);
            for (String declared : lab.files()) {
                try (Stream<Path> files = Files.walk(lab.folder().resolve(declared))) {
                    for (Path file : files.sorted().toList()) {
                        String name = lab.id() + "/" + lab.folder().relativize(file);
                        expected.put(Files.isDirectory(file) ? name + "/" : name,
                                Files.isDirectory(file) ? null : Files.readAllBytes(file));
                    }
                }
            }
            assertThat(served.keySet()).as(lab.id()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach((name, content) -> assertThat(served.get(name)).as(name).isEqualTo(content));
            assertThat(served.keySet()).as(lab.id() + " never hands out the tests' scripts")
                    .noneMatch(name -> name.endsWith("/solution.sh") || name.contains("/variants/")
                            || name.endsWith("/prepare.sh") || name.endsWith("/lab.yaml"));
        }
    }

    @Test
    void theArchiveOfALabWithoutFilesIsItsEmptyFolder() throws IOException {
        String learner = Tokens.learner(freshTenant("files"), "alice");
        byte[] archive = as(learner).get("/api/v1/labs/p3-container-lifecycle/files").then().statusCode(200)
                .header("Content-Disposition", "attachment; filename=\"p3-container-lifecycle.tar.gz\"")
                .extract().asByteArray();

        assertThat(untar(archive)).containsOnlyKeys("p3-container-lifecycle/");
        as(learner).get("/api/v1/labs/p3-container-lifecycle").then().statusCode(200).body("files.size()", equalTo(0));
        as(learner).get("/api/v1/labs/p4-cache-layers").then().statusCode(200).body("files", equalTo(List.of("app/")));
    }

    @Test
    void theEtagStaysWhileTheContentDoesAndRevalidatesWith304() {
        String learner = Tokens.learner(freshTenant("files"), "alice");
        String etag = as(learner).get("/api/v1/labs/p4-cache-layers/files").then().statusCode(200)
                .header("Cache-Control", "no-cache, private").extract().header("ETag");
        String other = as(learner).get("/api/v1/labs/p7-lamp-stack/files").then().statusCode(200).extract().header("ETag");

        assertThat(etag).matches("\"[0-9a-f]{64}\"").isNotEqualTo(other);
        as(learner).get("/api/v1/labs/p4-cache-layers/files").then().statusCode(200).header("ETag", etag);
        byte[] unchanged = as(learner).header("If-None-Match", etag).get("/api/v1/labs/p4-cache-layers/files").then()
                .statusCode(304).header("ETag", etag).extract().asByteArray();
        assertThat(unchanged).isEmpty();
        as(learner).header("If-None-Match", other).get("/api/v1/labs/p4-cache-layers/files").then().statusCode(200);
    }

    @Test
    void anUnknownLabIsAProblemAndStrangersGetNothing() {
        as(Tokens.learner(freshTenant("files"), "alice")).get("/api/v1/labs/p99-nothing/files").then().statusCode(404)
                .contentType(Problem.MEDIA_TYPE).body("detail", equalTo("There is no lab 'p99-nothing'. GET /api/v1/labs lists the labs."));
        anonymous().get("/api/v1/labs/p4-cache-layers/files").then().statusCode(401).contentType(Problem.MEDIA_TYPE);
    }

    /** Name to content (null for a folder), as {@code tar xzf} would make them. */
    static Map<String, byte[]> untar(byte[] gzip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(gzip)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                assertThat(entry.isDirectory() || entry.isFile()).as(entry.getName() + " is a plain file or folder").isTrue();
                entries.put(entry.getName(), entry.isDirectory() ? null : tar.readAllBytes());
            }
        }
        return entries;
    }
}
