package io.labfleet.terminal;

import io.labfleet.commons.Strings;

/**
 * Why a terminal socket is closed by the service: a WebSocket close code (4000-4999 are the application's own,
 * modelled on HTTP statuses) and a reason a frontend can show as it is. Reasons fit the protocol's 123 bytes.
 */
public record TerminalRefusal(int code, String reason) {

    /** The request lacks something (no ticket, an unknown mode). */
    public static final int BAD_REQUEST = 4400;
    /** The ticket does not authenticate: unknown, already used or expired. Ask for a new one. */
    public static final int BAD_TICKET = 4401;
    /** The ticket's holder may not do this (type in someone else's sandbox, watch as a learner, wrong sandbox). */
    public static final int FORBIDDEN = 4403;
    /** No such sandbox for the ticket's holder (the REST API would answer 404). */
    public static final int NOT_FOUND = 4404;
    /** Nothing went either way for the idle timeout. */
    public static final int IDLE = 4408;
    /** The sandbox is not usable: not ready yet, ended, expired. */
    public static final int SANDBOX_UNUSABLE = 4409;
    /** Too many terminals open for one person. */
    public static final int TOO_MANY = 4429;
    /**
     * The socket did not take the terminal's output as fast as it came, and the service holds no more of it for
     * that socket (standard WebSocket code 1013, try again later). Watchers only: a learner's shell waits instead.
     */
    public static final int TOO_SLOW = 1013;
    /** The backend could not start the shell (standard WebSocket code 1011). */
    public static final int BACKEND_ERROR = 1011;

    private static final int MAX_REASON_BYTES = 123;

    public TerminalRefusal {
        reason = fit(reason);
    }

    /** Cuts a reason to what a close frame can carry, on a character boundary. */
    static String fit(String reason) {
        return Strings.truncateUtf8(reason, MAX_REASON_BYTES);
    }
}
