package io.labfleet.api;

import io.labfleet.lab.LabCatalog;
import io.labfleet.support.Await;
import io.labfleet.support.EmbeddedDefaultProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The service as the README's run command starts it: H2 database, dev login, the catalog served. */
@Tag("slow")
@QuarkusTest
@TestProfile(EmbeddedDefaultProfile.class)
class EmbeddedDefaultResourceTest {

    @Inject
    LabCatalog catalog;

    @Test
    void theReadmesRunCommandServesTheCatalogAndKeepsSandboxes() {
        alice().get("/api/v1/labs").then().statusCode(200)
                .body("size()", equalTo(catalog.all().size())).body("id", hasItem("p3-container-lifecycle"));

        String id = alice().contentType("application/json").body("{\"labId\":\"p3-container-lifecycle\"}")
                .post("/api/v1/sandboxes").then().statusCode(202).body("tenant", equalTo("acme")).extract().path("id");
        Await.until(Duration.ofSeconds(60), () -> alice().get("/api/v1/sandboxes/" + id).then().statusCode(200)
                .extract().<String>path("state"), "READY"::equals, id + " to be READY");
        alice().get("/api/v1/sandboxes").then().statusCode(200).body("items.id", hasItem(id));
        RestAssured.given().auth().preemptive().basic("irene", "irene").get("/api/v1/progress").then().statusCode(200);
    }

    private static RequestSpecification alice() {
        return RestAssured.given().auth().preemptive().basic("alice", "alice");
    }
}
