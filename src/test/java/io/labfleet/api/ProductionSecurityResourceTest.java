package io.labfleet.api;

import io.labfleet.support.ProductionSecurityProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole access-control matrix ({@link AccessControlResourceTest}) again with the production profile's
 * security, where the dev login is off: who is refused, and how, must not depend on it.
 */
@Tag("slow")
@QuarkusTest
@TestProfile(ProductionSecurityProfile.class)
class ProductionSecurityResourceTest extends AccessControlResourceTest {

    @Test
    void theDevUsersAreStrangersInProduction() {
        for (String path : new String[]{"/api/v1/labs", "/api/v1/sandboxes", "/api/v1/me/ssh-keys"}) {
            anonymous().auth().preemptive().basic("alice", "alice").get(path).then().spec(problem(401, "unauthenticated"));
        }
        anonymous().auth().preemptive().basic("admin", "admin").get("/api/v1/tenants").then()
                .spec(problem(401, "unauthenticated"));
    }
}
