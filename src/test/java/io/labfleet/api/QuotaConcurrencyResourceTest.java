package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.labfleet.api.SandboxResourceTest.LAB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class QuotaConcurrencyResourceTest extends ApiTest {

    @Test
    void fiftySimultaneousCreatesNeverExceedAQuotaOfFive() throws Exception {
        String tenant = freshTenant("quota");
        tenantWithQuotas(tenant, 5, 10, 60);
        int requests = 50;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String token = Tokens.learner(tenant, "learner-" + i);
            answers.add(pool.submit((Callable<Integer>) () -> {
                start.await();
                Response response = as(token).body("{\"labId\":\"" + LAB + "\"}").post("/api/v1/sandboxes");
                return response.statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(statuses).filteredOn(s -> s == 202).hasSize(5);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(45);
        as(Tokens.instructor(tenant, "irene")).queryParam("size", 100).get("/api/v1/sandboxes").then()
                .body("total", equalTo(5));
    }

    @Test
    void theLearnerQuotaExplainsItself() {
        String tenant = freshTenant("learner-quota");
        tenantWithQuotas(tenant, 5, 1, 60);
        String alice = Tokens.learner(tenant, "alice");
        as(alice).body("{\"labId\":\"" + LAB + "\"}").post("/api/v1/sandboxes").then().statusCode(202);

        as(alice).body("{\"labId\":\"" + LAB + "\"}").post("/api/v1/sandboxes").then().statusCode(429)
                .contentType("application/problem+json")
                .body("quota", equalTo("max-sandboxes-per-learner")).body("limit", equalTo(1)).body("current", equalTo(1));
    }
}
