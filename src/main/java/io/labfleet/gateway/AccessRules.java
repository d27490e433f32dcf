package io.labfleet.gateway;

import io.labfleet.sandbox.SandboxState;

import java.time.Instant;
import java.util.Optional;

/** Who may open a sandbox over SSH: pure rules, decided from what the database says at login and at each channel. */
public final class AccessRules {

    private AccessRules() {
    }

    /**
     * Whether a key opens a sandbox: it must be registered by the sandbox's own learner (same tenant, same
     * learner id), and the sandbox must be usable (READY or EXPIRING) and not past its expiry.
     *
     * @param sandboxId the SSH user name the client gave
     * @param sandbox   the sandbox of that id, or null when there is none
     * @param key       whose the presented key is
     * @return the refusal, or empty when the key opens the sandbox
     */
    public static Optional<Refusal> check(String sandboxId, SandboxRoute sandbox, KeyOwnership key, Instant now) {
        if (sandbox == null) {
            return refuse(RefusalReason.UNKNOWN_SANDBOX, notForThisKey(sandboxId));
        }
        if (key == KeyOwnership.UNKNOWN) {
            return refuse(RefusalReason.UNKNOWN_KEY, notForThisKey(sandboxId));
        }
        if (key == KeyOwnership.OTHER_LEARNER) {
            return refuse(RefusalReason.NOT_OWNER, notForThisKey(sandboxId));
        }
        return checkUsable(sandbox, now);
    }

    /**
     * Whether a session logged in earlier may still open a channel: a connection outlives its login (ssh -L,
     * ControlMaster), so every channel asks again. The sandbox must still exist, be usable and unexpired, and its
     * daemon must be where it was at login: a freed address may by now belong to another learner's sandbox.
     *
     * @param atLogin the sandbox as the session saw it when its key was accepted
     * @param current the same sandbox as the database has it now, or null when it is gone
     * @return the refusal, or empty when the channel may open
     */
    public static Optional<Refusal> checkChannel(SandboxRoute atLogin, SandboxRoute current, Instant now) {
        if (current == null) {
            return refuse(RefusalReason.UNKNOWN_SANDBOX, "labfleet: sandbox " + atLogin.sandboxId()
                    + " no longer exists. Start a new one.");
        }
        Optional<Refusal> unusable = checkUsable(current, now);
        if (unusable.isPresent()) {
            return unusable;
        }
        if (!current.daemonHost().equals(atLogin.daemonHost()) || !current.daemonPort().equals(atLogin.daemonPort())) {
            return refuse(RefusalReason.SANDBOX_MOVED, "labfleet: sandbox " + current.sandboxId()
                    + " was moved since this connection logged in; connect again.");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> checkUsable(SandboxRoute sandbox, Instant now) {
        if (!SandboxState.USABLE.contains(sandbox.state())) {
            return refuse(RefusalReason.SANDBOX_NOT_READY, notReady(sandbox));
        }
        if (!now.isBefore(sandbox.expiresAt())) {
            return refuse(RefusalReason.SANDBOX_EXPIRED, "labfleet: sandbox " + sandbox.sandboxId() + " expired at "
                    + sandbox.expiresAt() + ". Start a new one.");
        }
        if (sandbox.daemonHost() == null || sandbox.daemonPort() == null) {
            return refuse(RefusalReason.SANDBOX_NOT_READY, notReady(sandbox));
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(RefusalReason reason, String message) {
        return Optional.of(new Refusal(reason, message));
    }

    private static String notForThisKey(String sandboxId) {
        return "labfleet: this key does not open sandbox " + sandboxId + ". Log in as the id of one of your "
                + "sandboxes, with a key registered on your account (PUT /api/v1/me/ssh-keys/{name}).";
    }

    private static String notReady(SandboxRoute sandbox) {
        String hint = switch (sandbox.state()) {
            case REQUESTED, PROVISIONING -> "it is still starting; try again in a few seconds.";
            case TERMINATING, TERMINATED -> "it has been deleted; start a new one.";
            case FAILED -> "it failed to start; see its reason in the API and start a new one.";
            default -> "it cannot be reached right now.";
        };
        return "labfleet: sandbox " + sandbox.sandboxId() + " is " + sandbox.state() + ": " + hint;
    }
}
