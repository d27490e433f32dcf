package io.labfleet.terminal;

import io.labfleet.gateway.AccessRules;
import io.labfleet.gateway.SandboxRoute;
import io.labfleet.security.AccessPolicy;
import io.labfleet.security.Caller;

import java.time.Instant;
import java.util.Optional;

/**
 * Who may open which terminal: pure rules on the ticket's holder, the sandbox as the database has it and the mode.
 * Seeing the sandbox follows the REST API ({@link AccessPolicy}); typing in it is its learner's alone, as with
 * ssh; watching is for the tenant's instructors and admins; the sandbox must be usable as for an SSH channel.
 */
public final class TerminalAccess {

    private TerminalAccess() {
    }

    /**
     * @param sandboxId the sandbox the socket asked for
     * @param sandbox   that sandbox, or null when there is none
     * @return the refusal, or empty when the terminal may open
     */
    public static Optional<TerminalRefusal> check(Caller holder, String sandboxId, SandboxRoute sandbox, TerminalMode mode,
                                                  Instant now) {
        if (sandbox == null || !AccessPolicy.canSee(holder, sandbox.tenantId(), sandbox.learnerId())) {
            return refuse(TerminalRefusal.NOT_FOUND, "No sandbox " + sandboxId + " of yours.");
        }
        boolean owner = holder.subject().equals(sandbox.learnerId()) && sandbox.tenantId().equals(holder.tenantId());
        if (mode == TerminalMode.INTERACTIVE && !owner) {
            return refuse(TerminalRefusal.FORBIDDEN, "Only the sandbox's learner types in its terminal;"
                    + " instructors and admins open it with mode=watch.");
        }
        if (mode == TerminalMode.WATCH && !holder.isAdmin() && !holder.isInstructor()) {
            return refuse(TerminalRefusal.FORBIDDEN, "mode=watch is for the tenant's instructors and admins.");
        }
        return AccessRules.checkChannel(sandbox, sandbox, now).map(refusal -> unusable(refusal.message()));
    }

    /**
     * Whether a terminal opened earlier may stay open: its sandbox must still exist, be usable and unexpired, and
     * its daemon still be where it was (else the address may by now be another learner's sandbox).
     */
    public static Optional<TerminalRefusal> checkOpen(SandboxRoute atOpen, SandboxRoute current, Instant now) {
        return AccessRules.checkChannel(atOpen, current, now).map(refusal -> unusable(refusal.message()));
    }

    private static TerminalRefusal unusable(String gatewayMessage) {
        return new TerminalRefusal(TerminalRefusal.SANDBOX_UNUSABLE, gatewayMessage.replaceFirst("^labfleet: ", ""));
    }

    private static Optional<TerminalRefusal> refuse(int code, String reason) {
        return Optional.of(new TerminalRefusal(code, reason));
    }
}
