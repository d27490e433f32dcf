package io.labfleet.terminal;

import io.labfleet.security.Caller;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A ticket that opens one terminal socket: whom it was issued to, for which sandbox, until when, and whether it
 * was used. Stored by the SHA-256 of the ticket, never the ticket itself.
 */
@Entity
@Table(name = "terminal_ticket")
public class TerminalTicket extends PanacheEntityBase {

    @Id
    @Column(name = "ticket_hash")
    public String ticketHash;

    @Column(name = "sandbox_id")
    public String sandboxId;

    @Column(name = "tenant_id")
    public String tenantId;

    public String subject;

    @Column(name = "display_name")
    public String displayName;

    /** The caller's roles when the ticket was issued, comma-separated. */
    public String roles;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "redeemed_at")
    public Instant redeemedAt;

    static TerminalTicket issue(String ticketHash, String sandboxId, Caller caller, Instant now, Instant expiresAt) {
        TerminalTicket ticket = new TerminalTicket();
        ticket.ticketHash = ticketHash;
        ticket.sandboxId = sandboxId;
        ticket.tenantId = caller.tenantId();
        ticket.subject = caller.subject();
        ticket.displayName = caller.displayName();
        ticket.roles = String.join(",", caller.roles());
        ticket.issuedAt = now;
        ticket.expiresAt = expiresAt;
        return ticket;
    }

    /** The ticket of this hash, locked until the end of the transaction, so that two sockets cannot both use it. */
    static Optional<TerminalTicket> findForRedemption(String ticketHash) {
        return TerminalTicket.<TerminalTicket>findByIdOptional(ticketHash, LockModeType.PESSIMISTIC_WRITE);
    }

    static long forgetExpiredBefore(Instant cutoff) {
        return TerminalTicket.delete("expiresAt < ?1", cutoff);
    }

    Caller caller() {
        Set<String> roleSet = roles.isEmpty() ? Set.of()
                : Arrays.stream(roles.split(",")).collect(Collectors.toUnmodifiableSet());
        return new Caller(tenantId, subject, displayName, roleSet);
    }
}
