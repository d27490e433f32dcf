package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed openapi/openapi.yaml is the contract: it must equal what the service serves. */
@QuarkusTest
class OpenApiContractResourceTest extends ApiTest {

    static final Path COMMITTED = Path.of("openapi/openapi.yaml");

    @Test
    void committedSpecMatchesTheServedOne() throws IOException {
        String served = RestAssured.get("/q/openapi?format=yaml").then().statusCode(200).extract().asString();
        Path copy = Path.of("target/openapi-served.yaml");
        Files.writeString(copy, served);

        assertThat(Files.exists(COMMITTED)).as("openapi/openapi.yaml is committed").isTrue();
        assertThat(Files.readString(COMMITTED))
                .as("openapi/openapi.yaml differs from what the service serves; if the change is intended: "
                        + "cp target/openapi-served.yaml openapi/openapi.yaml")
                .isEqualTo(served);
    }

    @Test
    void everyOperationIsDescribed() {
        String served = RestAssured.get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        var paths = io.restassured.path.json.JsonPath.from(served).getMap("paths");
        assertThat(paths).containsKeys("/api/v1/labs", "/api/v1/sandboxes", "/api/v1/sandboxes/{id}",
                "/api/v1/sandboxes/{id}/extend", "/api/v1/sandboxes/{id}/events", "/api/v1/me/ssh-keys/{name}",
                "/api/v1/tenants/{id}", "/api/v1/sandboxes/{id}/validations", "/api/v1/validations/{runId}",
                "/api/v1/progress");
        paths.forEach((path, operations) -> ((java.util.Map<?, ?>) operations).forEach((method, operation) -> {
            if (operation instanceof java.util.Map<?, ?> op && op.containsKey("responses")) {
                assertThat(op.get("summary")).as(method + " " + path + " has a summary").isNotNull();
            }
        }));
    }

    @Test
    void theConsoleIsServed() {
        RestAssured.get("/q/swagger-ui/").then().statusCode(200);
    }
}
