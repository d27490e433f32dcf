package io.labfleet.audit;

import io.labfleet.config.IdGenerator;
import io.labfleet.sandbox.ListingQuery;
import io.labfleet.sandbox.Page;
import io.labfleet.security.AccessPolicy;
import io.labfleet.security.Caller;
import io.labfleet.security.Role;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;

/**
 * The audit log of actions taken on other people's resources: an instructor or admin extending, deleting
 * or validating a learner's sandbox. Entries are written in the transaction of the action they record, so an
 * action is never committed without its entry. Admins read every tenant's entries, instructors their own
 * tenant's.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final Clock clock;
    private final IdGenerator ids;

    AuditLog(Clock clock, IdGenerator ids) {
        this.clock = clock;
        this.ids = ids;
    }

    /** Whether an action is audited: it is when the actor is not the owner of what they act on. */
    public static boolean isAudited(Caller actor, AuditTarget target) {
        return !actor.subject().equals(target.ownerId());
    }

    /** The role an actor acted with, the strongest they hold. */
    static String actingRole(Caller actor) {
        if (actor.isAdmin()) {
            return Role.ADMIN;
        }
        return actor.isInstructor() ? Role.INSTRUCTOR : Role.LEARNER;
    }

    /** Records the action if {@link #isAudited audited}, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordIfOnBehalf(Caller actor, AuditAction action, AuditTarget target, String detail) {
        if (!isAudited(actor, target)) {
            return;
        }
        AuditEvent event = new AuditEvent();
        event.id = ids.next("au");
        event.occurredAt = clock.instant();
        event.tenantId = target.tenantId();
        event.actorId = actor.subject();
        event.actorName = actor.displayName();
        event.actorRole = actingRole(actor);
        event.action = action;
        event.targetType = target.type();
        event.targetId = target.id();
        event.targetOwner = target.ownerId();
        event.targetOwnerName = target.ownerName();
        event.detail = detail == null || detail.length() <= AuditEvent.MAX_DETAIL_LENGTH ? detail
                : detail.substring(0, AuditEvent.MAX_DETAIL_LENGTH - 1) + "…";
        event.persist();
        LOG.infof("Audit: %s %s (%s) %s %s %s of %s in tenant %s", event.id, actor.subject(), event.actorRole, action,
                target.type(), target.id(), target.ownerId(), target.tenantId());
    }

    /** The entries the reader may see that match the filter, newest first. */
    @Transactional
    public Page<AuditEvent> search(Caller reader, AuditFilter filter, int page, int size) {
        var scope = AccessPolicy.listingScope(reader, filter.tenantId(), null);
        if (scope.nothing()) {
            return new Page<>(List.of(), page, size, 0);
        }
        ListingQuery query = new ListingQuery()
                .and("tenantId = :tenant", "tenant", scope.tenantId())
                .and("(actorId = :actor or actorName = :actor)", "actor", filter.actor())
                .and("action = :action", "action", filter.action())
                .and("targetId = :target", "target", filter.targetId())
                .and("(targetOwner = :owner or targetOwnerName = :owner)", "owner", filter.owner())
                .and("occurredAt >= :from", "from", filter.from())
                .and("occurredAt < :to", "to", filter.to());
        var found = AuditEvent.find(query.query(),
                        Sort.by("occurredAt", Sort.Direction.Descending).and("id", Sort.Direction.Descending), query.parameters())
                .page(io.quarkus.panache.common.Page.of(page, size));
        return Page.of(found.list(), page, size, found::count);
    }
}
