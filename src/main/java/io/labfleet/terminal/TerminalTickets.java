package io.labfleet.terminal;

import io.labfleet.commons.Sha256;
import io.labfleet.config.TerminalConfig;
import io.labfleet.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Issues and redeems terminal tickets. A ticket is a bearer credential that travels in a URL: 256 random bits,
 * valid for {@code labfleet.terminal.ticket-lifetime}, good for one socket, kept in the database (any replica may
 * redeem it) only as its hash, and never logged.
 */
@ApplicationScoped
public class TerminalTickets {

    /** How long used and expired tickets are remembered, to tell "already used" and "expired" from "unknown". */
    static final Duration REMEMBERED = Duration.ofMinutes(10);
    private static final int TICKET_BYTES = 32;

    private final Clock clock;
    private final TerminalConfig config;
    private final SecureRandom random = new SecureRandom();

    TerminalTickets(Clock clock, TerminalConfig config) {
        this.clock = clock;
        this.config = config;
    }

    /** A ticket issued to a caller for one sandbox; the caller was already found to see the sandbox. */
    public record Issued(String ticket, Instant expiresAt) {
    }

    @Transactional
    public Issued issue(Caller caller, String sandboxId) {
        byte[] secret = new byte[TICKET_BYTES];
        random.nextBytes(secret);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(config.ticketLifetime());
        TerminalTicket.issue(hash(ticket), sandboxId, caller, now, expiresAt).persist();
        return new Issued(ticket, expiresAt);
    }

    /**
     * Uses up a ticket presented for a sandbox and returns whom it was issued to. Any presentation uses it up, also
     * one that is then refused: a ticket tried on the wrong sandbox cannot be tried again elsewhere.
     *
     * @throws TerminalRefusedException when the ticket is unknown, used, expired or issued for another sandbox
     */
    @Transactional(dontRollbackOn = TerminalRefusedException.class)
    public Caller redeem(String ticket, String sandboxId) {
        if (ticket == null || ticket.isEmpty()) {
            throw new TerminalRefusedException(TerminalRefusal.BAD_REQUEST, "No ticket: ask POST /api/v1/sandboxes/"
                    + sandboxId + "/terminal-tickets for one and open ?ticket=...");
        }
        TerminalTicket found = TerminalTicket.findForRedemption(hash(ticket)).orElseThrow(() -> new TerminalRefusedException(
                TerminalRefusal.BAD_TICKET, "Unknown ticket: ask for a new one."));
        Instant now = clock.instant();
        if (found.redeemedAt != null) {
            throw new TerminalRefusedException(TerminalRefusal.BAD_TICKET,
                    "This ticket was already used: a ticket opens one terminal; ask for a new one.");
        }
        found.redeemedAt = now;
        if (!now.isBefore(found.expiresAt)) {
            throw new TerminalRefusedException(TerminalRefusal.BAD_TICKET, "This ticket expired at " + found.expiresAt
                    + " (tickets last " + config.ticketLifetime().toSeconds() + " s); ask for a new one.");
        }
        if (!found.sandboxId.equals(sandboxId)) {
            throw new TerminalRefusedException(TerminalRefusal.FORBIDDEN, "This ticket was issued for another sandbox,"
                    + " not " + sandboxId + ": ask for a ticket for this one.");
        }
        return found.caller();
    }

    /** Forgets tickets that expired long enough ago; returns how many. */
    @Transactional
    public long forgetOld() {
        return TerminalTicket.forgetExpiredBefore(clock.instant().minus(REMEMBERED));
    }

    static String hash(String ticket) {
        return Sha256.hex(ticket);
    }
}
