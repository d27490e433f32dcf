package io.labfleet.gateway;

/**
 * A refusal: the reason (for logs and metrics) and the message the learner reads in their terminal. The
 * message never tells a stranger more than "not for this key": it says whether a sandbox exists, and in
 * which state, only to its owner.
 */
public record Refusal(RefusalReason reason, String message) {
}
