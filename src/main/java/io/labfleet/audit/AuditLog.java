package io.labfleet.audit;

import io.labfleet.commons.Strings;
import io.labfleet.config.IdGenerator;
import io.labfleet.listing.ListingQuery;
import io.labfleet.listing.ResultPage;
import io.labfleet.security.AccessPolicy;
import io.labfleet.security.Caller;
import io.labfleet.security.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;

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
        if (isAudited(actor, target)) {
            record(actor, action, target, detail);
        }
    }

    /** Records the action, whoever owns the target, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Caller actor, AuditAction action, AuditTarget target, String detail) {
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
        event.detail = Strings.truncate(detail, AuditEvent.MAX_DETAIL_LENGTH);
        event.persist();
        LOG.infof("Audit: %s %s (%s) %s %s %s of %s in tenant %s", event.id, actor.subject(), event.actorRole, action,
                target.type(), target.id(), target.ownerId(), target.tenantId());
    }

    /** The entries the reader may see that match the filter, newest first. */
    @Transactional
    public ResultPage<AuditEvent> search(Caller reader, AuditFilter filter, int page, int size) {
        var scope = AccessPolicy.listingScope(reader, filter.tenantId(), null);
        if (scope.nothing()) {
            return ResultPage.empty(page, size);
        }
        ListingQuery query = new ListingQuery()
                .and("tenantId = :tenant", "tenant", scope.tenantId())
                .and("(actorId = :actor or actorName = :actor)", "actor", filter.actor())
                .and("action = :action", "action", filter.action())
                .and("targetId = :target", "target", filter.targetId())
                .and("(targetOwner = :owner or targetOwnerName = :owner)", "owner", filter.owner())
                .and("occurredAt >= :from", "from", filter.from())
                .and("occurredAt < :to", "to", filter.to());
        return query.page(AuditEvent.class, "occurredAt desc, id desc", page, size);
    }
}
