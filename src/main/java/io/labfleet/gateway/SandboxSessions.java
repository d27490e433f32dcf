package io.labfleet.gateway;

import io.labfleet.config.GatewayConfig;
import io.labfleet.sandbox.SandboxEvent;
import io.labfleet.sandbox.SandboxEvents;
import io.labfleet.sandbox.SandboxImagesWait;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.sandbox.SandboxSuspensions;
import io.labfleet.security.SshKeyRevoked;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.channel.AbstractServerChannel;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The logged-in SSH sessions of this replica, each bound to the sandbox it logged into. A connection may outlive
 * its sandbox (ssh -L, ControlMaster): every new channel asks the database again, and a session is closed as
 * soon as its sandbox stops being usable, or the key it logged in with is revoked. This replica's own state
 * changes and revocations arrive at once (as {@link SandboxEvents} and {@link SshKeyRevoked}); those made by another
 * replica are found by periodic sweeps, the key sweep every {@code labfleet.gateway.key-check-interval}.
 */
@ApplicationScoped
public class SandboxSessions {

    private static final Logger LOG = Logger.getLogger(SandboxSessions.class);
    private static final AttributeKey<Runnable> UNSUBSCRIBE = new AttributeKey<>();
    private static final AttributeKey<String> OVER_LIMIT = new AttributeKey<>();
    /** Long enough for the refusal of the connection's first channel to reach the learner's ssh. */
    private static final Duration OVER_LIMIT_GRACE = Duration.ofSeconds(3);
    private static final String KEY_REVOKED = "labfleet: the SSH key this connection logged in with was removed from"
            + " your account; this connection is closed.";

    private final SandboxDirectory directory;
    private final SandboxSuspensions suspensions;
    private final SandboxImagesWait images;
    private final SandboxEvents events;
    private final Clock clock;
    private final int maxPerLearner;
    private final Set<Session> open = ConcurrentHashMap.newKeySet();

    SandboxSessions(SandboxDirectory directory, SandboxSuspensions suspensions, SandboxImagesWait images,
                    SandboxEvents events, Clock clock, GatewayConfig config) {
        this.directory = directory;
        this.suspensions = suspensions;
        this.images = images;
        this.events = events;
        this.clock = clock;
        this.maxPerLearner = config.maxConnectionsPerLearner();
    }

    /**
     * Starts watching a session whose key was just accepted for a sandbox. When its learner already holds as many
     * connections as one learner may, the session is not counted: its channels are refused with the reason (which
     * the learner's ssh prints), and it is closed shortly after, by {@code timer} (the gateway's, which stops with it).
     */
    void loggedIn(Session session, SandboxRoute sandbox, ScheduledExecutorService timer) {
        synchronized (open) {
            if (openByLearner(sandbox) >= maxPerLearner) {
                String refusal = "labfleet: you already have " + maxPerLearner + " connections open to the gateway,"
                        + " the most one learner may (labfleet.gateway.max-connections-per-learner); close some"
                        + " (exit idle shells) and try again.";
                session.setAttribute(OVER_LIMIT, refusal);
                LOG.infof("Refusing a connection of %s over the per-learner limit", sandbox.learnerId());
                try {
                    timer.schedule(() -> disconnect(session, refusal), OVER_LIMIT_GRACE.toMillis(),
                            TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    disconnect(session, refusal); // the gateway is stopping: no grace
                }
                return;
            }
            open.add(session);
        }
        Runnable unsubscribe = events.subscribe(sandbox.sandboxId(), event -> closeIfUnusable(session, event));
        session.setAttribute(UNSUBSCRIBE, unsubscribe);
        if (!session.isOpen()) {
            closed(session);
        }
    }

    void closed(Session session) {
        open.remove(session);
        Runnable unsubscribe = session.removeAttribute(UNSUBSCRIBE);
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }

    /**
     * Opens a channel once the session's sandbox may be reached, asked with one database read: refuses it (recording
     * the refusal) when it may not, opens it at once when the sandbox runs with its lab's images in, and once woken
     * when it is suspended, once its images are in when they are still going in. The client waits the seconds a wake
     * (or the moment the images) take; MINA's threads do not.
     *
     * @param open opens the channel, once it may be
     */
    OpenFuture admit(AbstractServerChannel channel, Refusals refusals, Supplier<OpenFuture> open) {
        Session session = channel.getSession();
        Admission admission = admission(session, refusals);
        if (admission.refusal() != null) {
            return GatewayConnectionService.refuseOpen(channel, admission.refusal());
        }
        if (!admission.suspended() && !admission.imagesPending()) {
            return open.get();
        }
        SandboxRoute atLogin = session.getAttribute(SshGateway.SANDBOX);
        OpenFuture later = new DefaultOpenFuture(channel, channel);
        CompletableFuture<Void> awake = admission.suspended() ? suspensions.wake(atLogin.sandboxId())
                : CompletableFuture.completedFuture(null);
        CompletableFuture<Void> usable = admission.imagesPending()
                ? awake.thenCompose(woken -> images.whenIn(atLogin.sandboxId())) : awake;
        usable.whenComplete((woken, failure) -> {
            try {
                String refusal = failure == null ? admission(session, refusals).refusal()
                        : notUsable(session, refusals, atLogin.sandboxId(), failure);
                if (refusal != null) {
                    later.setException(GatewayConnectionService.refuseOpen(channel, refusal).getException());
                    return;
                }
                open.get().addListener(opened -> {
                    if (opened.isOpened()) {
                        later.setOpened();
                    } else {
                        later.setException(opened.getException());
                    }
                });
            } catch (Throwable e) {
                LOG.warnf(e, "Opening a channel to %s after its wake or its images failed", atLogin.sandboxId());
                later.setException(GatewayConnectionService.refuseOpen(channel, "labfleet: sandbox "
                        + atLogin.sandboxId() + " could not be reached; try again in a moment.").getException());
            }
        });
        return later;
    }

    /**
     * Whether a channel may open: the refusal's message if not, else whether the sandbox must be woken first (it is
     * suspended, or was suspended between the read and the recording of its use), and whether its lab's images are
     * to be waited for.
     */
    private record Admission(String refusal, boolean suspended, boolean imagesPending) {

        static Admission refused(String refusal) {
            return new Admission(refusal, false, false);
        }
    }

    private Admission admission(Session session, Refusals refusals) {
        String overLimit = session.getAttribute(OVER_LIMIT);
        if (overLimit != null) {
            return Admission.refused(overLimit);
        }
        SandboxRoute atLogin = session.getAttribute(SshGateway.SANDBOX);
        if (atLogin == null) {
            return Admission.refused("labfleet: not logged in");
        }
        SandboxRoute current = directory.find(atLogin.sandboxId()).orElse(null);
        Optional<Refusal> refusal = AccessRules.checkChannel(atLogin, current, clock.instant());
        if (refusal.isPresent()) {
            refusals.record(session, atLogin.sandboxId(), refusal.get());
            return Admission.refused(refusal.get().message());
        }
        return new Admission(null, current.suspended()
                || !suspensions.staysAwake(current.sandboxId(), current.lastActivityAt()), current.imagesPending());
    }

    private static String notUsable(Session session, Refusals refusals, String sandboxId, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String message = "labfleet: " + cause.getMessage();
        refusals.record(session, sandboxId, new Refusal(RefusalReason.SANDBOX_NOT_READY, message));
        return message;
    }

    private long openByLearner(SandboxRoute sandbox) {
        return open.stream().map(session -> session.<SandboxRoute>getAttribute(SshGateway.SANDBOX))
                .filter(Objects::nonNull)
                .filter(other -> other.tenantId().equals(sandbox.tenantId())
                        && other.learnerId().equals(sandbox.learnerId()))
                .count();
    }

    /** How many sessions are open on this replica for the sandbox. */
    public long openFor(String sandboxId) {
        return open.stream().filter(session -> sandboxId.equals(sandboxIdOf(session))).count();
    }

    @Scheduled(every = "${labfleet.gateway.session-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "gateway-session-check")
    void checkPeriodically() {
        closeUnusable();
    }

    /** Closes the sessions whose sandbox is gone, unusable, expired or moved; returns how many were closed. */
    public int closeUnusable() {
        return sweep(SandboxSessions::sandboxIdOf, directory::findAll, (session, current) -> {
            SandboxRoute atLogin = session.getAttribute(SshGateway.SANDBOX);
            return atLogin == null ? Optional.empty()
                    : AccessRules.checkChannel(atLogin, current.get(atLogin.sandboxId()), clock.instant())
                    .map(Refusal::message);
        });
    }

    /**
     * Closes the open sessions that {@code refusal} refuses, given what {@code lookup} says (with one query) of their
     * {@code keyOf}s; returns how many were closed. Asks nothing while no session is open.
     */
    private <K, V> int sweep(Function<Session, K> keyOf, Function<Set<K>, Map<K, V>> lookup,
                             BiFunction<Session, Map<K, V>, Optional<String>> refusal) {
        Set<K> keys = open.stream().map(keyOf).filter(Objects::nonNull).collect(Collectors.toSet());
        if (keys.isEmpty()) {
            return 0;
        }
        Map<K, V> current = lookup.apply(keys);
        int closed = 0;
        for (Session session : List.copyOf(open)) {
            Optional<String> refused = refusal.apply(session, current);
            if (refused.isPresent()) {
                disconnect(session, refused.get());
                closed++;
            }
        }
        return closed;
    }

    /** Ends at once this replica's sessions that logged in with a key its learner just revoked here. */
    void keyRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) SshKeyRevoked revoked) {
        String owner = SandboxDirectory.owner(revoked.tenantId(), revoked.learnerId());
        for (Session session : List.copyOf(open)) {
            if (revoked.fingerprint().equals(session.getAttribute(GatewayAuthentication.ACCEPTED_KEY))
                    && owner.equals(ownerOf(session))) {
                disconnect(session, KEY_REVOKED);
            }
        }
    }

    @Scheduled(every = "${labfleet.gateway.key-check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "gateway-key-check")
    void checkKeysPeriodically() {
        closeRevoked();
    }

    /**
     * Closes the sessions whose key is no longer registered to their sandbox's learner (revoked through another
     * replica); returns how many were closed.
     */
    public int closeRevoked() {
        return sweep(session -> session.getAttribute(GatewayAuthentication.ACCEPTED_KEY), directory::owners,
                (session, owners) -> {
                    String fingerprint = session.getAttribute(GatewayAuthentication.ACCEPTED_KEY);
                    return fingerprint != null && !Objects.equals(owners.get(fingerprint), ownerOf(session))
                            ? Optional.of(KEY_REVOKED) : Optional.empty();
                });
    }

    private static String ownerOf(Session session) {
        SandboxRoute sandbox = session.getAttribute(SshGateway.SANDBOX);
        return sandbox == null ? null : SandboxDirectory.owner(sandbox.tenantId(), sandbox.learnerId());
    }

    private void closeIfUnusable(Session session, SandboxEvent event) {
        if ("state".equals(event.type()) && !SandboxState.USABLE.contains(event.state())) {
            disconnect(session, "labfleet: sandbox " + event.sandboxId() + " is " + event.state() + "; this connection is closed.");
        }
    }

    private void disconnect(Session session, String message) {
        LOG.infof("Closing the SSH session of %s from %s: %s", sandboxIdOf(session),
                session.getIoSession().getRemoteAddress(), message);
        closed(session);
        try {
            session.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, message);
        } catch (IOException e) {
            session.close(true);
        }
    }

    private static String sandboxIdOf(Session session) {
        SandboxRoute sandbox = session.getAttribute(SshGateway.SANDBOX);
        return sandbox == null ? null : sandbox.sandboxId();
    }
}
