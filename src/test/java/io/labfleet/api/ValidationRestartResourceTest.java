package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.labfleet.support.RestartedReplicaProfile;
import io.labfleet.support.Tokens;
import io.labfleet.validation.ValidationRun;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.labfleet.support.InterruptedRunsBeforeStart.ALIVE_RUN;
import static io.labfleet.support.InterruptedRunsBeforeStart.INTERRUPTED_RUN;
import static io.labfleet.support.InterruptedRunsBeforeStart.LEARNER;
import static io.labfleet.support.InterruptedRunsBeforeStart.TENANT;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Restart safety through a real start of the service: the runs this replica was working on when it stopped end
 * ERROR, told as a restart, before anyone asks; another replica's run in flight is left to it.
 */
@Tag("slow")
@QuarkusTest
@TestProfile(RestartedReplicaProfile.class)
class ValidationRestartResourceTest extends ApiTest {

    @Test
    void aRunThisReplicaWasWorkingOnWhenItStoppedEndsErrorAtStartUp() {
        String alice = Tokens.learner(TENANT, LEARNER);
        as(alice).get("/api/v1/validations/" + INTERRUPTED_RUN).then().statusCode(200)
                .body("state", equalTo("ERROR")).body("finishedAt", notNullValue())
                .body("error", containsString("interrompue par un redémarrage du service"));
        as(alice).header("Accept-Language", "en").get("/api/v1/validations/" + INTERRUPTED_RUN).then()
                .body("error", containsString("interrupted by a restart of the service"));
        as(alice).get("/api/v1/validations/" + ALIVE_RUN).then().statusCode(200).body("state", equalTo("RUNNING"));
    }

    @AfterEach
    void endTheOtherReplicasRun() {
        QuarkusTransaction.requiringNew().run(() -> ValidationRun.update("state = ?1 where id = ?2",
                ValidationRun.State.ERROR, ALIVE_RUN));
    }
}
