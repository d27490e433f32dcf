package io.labfleet.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.RestAssured;
import io.restassured.builder.ResponseSpecBuilder;
import io.restassured.specification.RequestSpecification;
import io.restassured.specification.ResponseSpecification;
import org.junit.jupiter.api.Tag;

import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Base of the REST tests: one shared Quarkus boot, signed tokens, and helpers to call as someone. */
@Tag("quarkus")
@QuarkusTestResource(value = Tokens.class, restrictToAnnotatedClass = false)
public abstract class ApiTest {

    protected static RequestSpecification as(String token) {
        return RestAssured.given().auth().oauth2(token).contentType("application/json");
    }

    protected static RequestSpecification anonymous() {
        return RestAssured.given().contentType("application/json");
    }

    /** The one shape of every error: {@code application/problem+json} with this status and type, and a title. */
    protected static ResponseSpecification problem(int status, String type) {
        return new ResponseSpecBuilder().expectStatusCode(status).expectContentType("application/problem+json")
                .expectBody("status", equalTo(status)).expectBody("type", endsWith("/" + type))
                .expectBody("title", not(emptyOrNullString())).build();
    }

    /** Registers {@code tenant} with these quotas, as an admin would. */
    protected static void tenantWithQuotas(String tenant, int maxActive, int maxPerLearner, int maxLifetimeMinutes) {
        as(Tokens.admin("root")).body("{\"maxActiveSandboxes\":" + maxActive + ",\"maxSandboxesPerLearner\":"
                        + maxPerLearner + ",\"maxLifetimeMinutes\":" + maxLifetimeMinutes + "}")
                .put("/api/v1/tenants/" + tenant).then().statusCode(201);
    }

    /** A tenant id unique to the calling test, so tests never see each other's sandboxes or quotas. */
    protected static String freshTenant(String hint) {
        return hint + "-" + Long.toString(System.nanoTime(), 36);
    }
}
