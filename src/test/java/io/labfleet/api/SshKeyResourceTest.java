package io.labfleet.api;

import io.labfleet.support.ApiTest;
import io.labfleet.support.SshKeygen;
import io.labfleet.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class SshKeyResourceTest extends ApiTest {

    @Test
    void registersListsReplacesAndRemovesKeys() {
        String tenant = freshTenant("keys");
        String alice = Tokens.learner(tenant, "alice");
        Path laptop = SshKeygen.generate("ed25519", null);
        Path laptopPub = laptop.resolveSibling("id_ed25519.pub");

        as(alice).body(new SshKeyRequest(SshKeygen.read(laptopPub))).put("/api/v1/me/ssh-keys/laptop").then()
                .statusCode(201).body("name", equalTo("laptop")).body("type", equalTo("ssh-ed25519"))
                .body("bits", equalTo(256)).body("fingerprint", equalTo(SshKeygen.fingerprint(laptopPub)))
                .body("comment", equalTo("test@labfleet"));

        String ecdsa = SshKeygen.publicKey("ecdsa", 384);
        as(alice).body(new SshKeyRequest(ecdsa)).put("/api/v1/me/ssh-keys/laptop").then().statusCode(200)
                .body("type", equalTo("ecdsa-sha2-nistp384"));
        as(alice).body(new SshKeyRequest(SshKeygen.publicKey("rsa", 3072))).put("/api/v1/me/ssh-keys/work").then()
                .statusCode(201).body("bits", equalTo(3072));

        as(alice).get("/api/v1/me/ssh-keys").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.contains("laptop", "work"));
        as(alice).body(new SshKeyRequest(ecdsa)).put("/api/v1/me/ssh-keys/again").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("already registered as 'laptop'"));

        as(Tokens.learner(tenant, "bob")).get("/api/v1/me/ssh-keys").then().body("size()", equalTo(0));
        as(Tokens.learner(tenant, "bob")).delete("/api/v1/me/ssh-keys/laptop").then().statusCode(404);

        as(alice).delete("/api/v1/me/ssh-keys/laptop").then().statusCode(204);
        as(alice).get("/api/v1/me/ssh-keys/laptop").then().statusCode(404).contentType("application/problem+json");
        as(alice).get("/api/v1/me/ssh-keys").then().body("name", org.hamcrest.Matchers.contains("work"));
    }

    @Test
    void aKeyBelongsToOneLearnerOnly() {
        String tenant = freshTenant("keys");
        String alice = Tokens.learner(tenant, "alice");
        String mallory = Tokens.learner(tenant, "mallory");
        String elsewhere = Tokens.learner(freshTenant("keys"), "alice");
        String alicesKey = SshKeygen.publicKey("ed25519", null);
        as(alice).body(new SshKeyRequest(alicesKey)).put("/api/v1/me/ssh-keys/laptop").then().statusCode(201);

        for (String other : new String[]{mallory, elsewhere}) {
            as(other).body(new SshKeyRequest(alicesKey)).put("/api/v1/me/ssh-keys/laptop").then().statusCode(409)
                    .contentType("application/problem+json").body("type", endsWith("/ssh-key-conflict"))
                    .body("detail", containsString("already registered by another account"));
            as(other).get("/api/v1/me/ssh-keys").then().body("size()", equalTo(0));
        }
        as(alice).body(new SshKeyRequest(alicesKey)).put("/api/v1/me/ssh-keys/laptop").then().statusCode(200);
    }
}
