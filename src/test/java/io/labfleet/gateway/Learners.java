package io.labfleet.gateway;

import io.labfleet.api.SshKeyRequest;
import io.labfleet.support.ApiTest;
import io.labfleet.support.Await;
import io.labfleet.support.DockerSandboxes;
import io.labfleet.support.LearnerTerminal;
import io.labfleet.support.SshKeygen;

import java.nio.file.Path;
import java.time.Duration;

/** What a learner does through the API before using the gateway: a sandbox, a registered key, a terminal. */
public final class Learners extends ApiTest {

    private Learners() {
    }

    /** A READY sandbox of the learner with its lab's images in, created through the API. */
    public static String readySandbox(String token) {
        String id = readySandboxItsImagesMaybeStillGoingIn(token);
        DockerSandboxes.awaitImagesIn(token, id);
        return id;
    }

    /** A sandbox of lab p3 as soon as it is READY, which its lab's images may follow by a moment. */
    public static String readySandboxItsImagesMaybeStillGoingIn(String token) {
        String id = as(token).body("{\"labId\":\"p3-container-lifecycle\"}").post("/api/v1/sandboxes")
                .then().statusCode(202).extract().path("id");
        Await.until(Duration.ofSeconds(20), () -> as(token).get("/api/v1/sandboxes/" + id).then().extract()
                .<String>path("state"), "READY"::equals, id + " READY");
        return id;
    }

    /** A fresh ed25519 key pair registered under the name; returns the private key file. */
    public static Path registeredKey(String token, String name) {
        Path key = SshKeygen.generate("ed25519", null);
        as(token).body(new SshKeyRequest(SshKeygen.read(key.resolveSibling("id_ed25519.pub"))))
                .put("/api/v1/me/ssh-keys/" + name).then().statusCode(201);
        return key;
    }

    /** A terminal set up as the README tells learners: known_hosts line and ssh config block from the API. */
    public static LearnerTerminal terminal(String token, String sandboxId, Path key) {
        var context = as(token).get("/api/v1/sandboxes/" + sandboxId + "/context").then().statusCode(200).extract();
        return LearnerTerminal.withKey(key).trust(context.path("knownHosts")).configureSsh(context.path("sshConfig"));
    }
}
