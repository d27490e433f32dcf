package io.labfleet.terminal;

import io.labfleet.commons.ServiceThreads;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.labfleet.audit.AuditAction;
import io.labfleet.audit.AuditLog;
import io.labfleet.audit.AuditTarget;
import io.labfleet.commons.ResizeCoalescer;
import io.labfleet.config.TerminalConfig;
import io.labfleet.gateway.SandboxActivity;
import io.labfleet.gateway.SandboxDirectory;
import io.labfleet.gateway.SandboxRoute;
import io.labfleet.provisioner.ActiveBackend;
import io.labfleet.provisioner.ProvisioningException;
import io.labfleet.provisioner.SandboxProcess;
import io.labfleet.provisioner.SandboxProvisioner;
import io.labfleet.provisioner.ShellRequest;
import io.labfleet.sandbox.Sandbox;
import io.labfleet.sandbox.SandboxEvent;
import io.labfleet.sandbox.SandboxEvents;
import io.labfleet.sandbox.SandboxImagesNotInException;
import io.labfleet.sandbox.SandboxImagesWait;
import io.labfleet.sandbox.SandboxNotWokenException;
import io.labfleet.sandbox.SandboxState;
import io.labfleet.sandbox.SandboxSuspensions;
import io.labfleet.security.Caller;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The terminal sockets open on this replica. A typing terminal runs the same shell as {@code ssh <sandbox>}
 * (the backend's {@link SandboxProvisioner#exec}, as the sandbox's shell account) and counts as SSH activity does;
 * watchers of a sandbox see what its typing terminals print, and its learner is told who watches. Terminals end
 * with their sandbox (this replica's events at once, other replicas' changes at the next check), when idle too
 * long, or when their shell exits.
 */
@ApplicationScoped
public class TerminalSessions {

    private static final Logger LOG = Logger.getLogger(TerminalSessions.class);
    private static final String TERM = "xterm-256color";
    private static final int INITIAL_COLUMNS = 80;
    private static final int INITIAL_ROWS = 24;
    private static final int READ_BUFFER = 8 * 1024;

    private final TerminalConfig config;
    private final TerminalTickets tickets;
    private final SandboxDirectory directory;
    private final SandboxEvents events;
    private final SandboxActivity activity;
    private final SandboxProvisioner provisioner;
    private final SandboxSuspensions suspensions;
    private final SandboxImagesWait images;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, OpenTerminal> byConnection = new ConcurrentHashMap<>();
    private final ExecutorService output;
    private final ScheduledExecutorService resizeTimer;

    TerminalSessions(TerminalConfig config, TerminalTickets tickets, SandboxDirectory directory, SandboxEvents events,
                     SandboxActivity activity, @ActiveBackend SandboxProvisioner provisioner,
                     SandboxSuspensions suspensions, SandboxImagesWait images, AuditLog audit, ObjectMapper json,
                     Clock clock, ServiceThreads threads) {
        this.suspensions = suspensions;
        this.images = images;
        this.config = config;
        this.tickets = tickets;
        this.directory = directory;
        this.events = events;
        this.activity = activity;
        this.provisioner = provisioner;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.output = threads.cachedPool("terminal-output");
        this.resizeTimer = threads.scheduler("terminal-resize");
    }

    @PreDestroy
    void stop() {
        output.shutdownNow();
        resizeTimer.shutdownNow();
    }

    /** Opens the terminal a socket asked for, or closes the socket with the reason it may not. */
    public void open(WebSocketConnection connection) {
        String sandboxId = connection.pathParam("id");
        MDC.put("sandbox", sandboxId);
        try {
            OpenTerminal terminal = admit(connection, sandboxId);
            if (terminal.mode == TerminalMode.INTERACTIVE) {
                startShell(terminal);
            } else {
                startWatching(terminal);
            }
        } catch (TerminalRefusedException e) {
            LOG.infof("Refused a terminal on %s: %d %s", sandboxId, e.refusal().code(), e.refusal().reason());
            closed(connection);
            close(connection, e.refusal());
        } finally {
            MDC.remove("sandbox");
        }
    }

    private OpenTerminal admit(WebSocketConnection connection, String sandboxId) {
        String query = connection.handshakeRequest().query();
        Map<String, List<String>> parameters = new QueryStringDecoder(query == null ? "" : query, false).parameters();
        TerminalMode mode = TerminalMode.parse(first(parameters, "mode")).orElseThrow(() -> new TerminalRefusedException(
                TerminalRefusal.BAD_REQUEST, "Unknown mode: use mode=interactive (the default) or mode=watch."));
        Caller holder = tickets.redeem(first(parameters, "ticket"), sandboxId);
        SandboxRoute sandbox = directory.find(sandboxId).orElse(null);
        Instant now = clock.instant();
        TerminalAccess.check(holder, sandboxId, sandbox, mode, now).ifPresent(refusal -> {
            throw new TerminalRefusedException(refusal.code(), refusal.reason());
        });
        OpenTerminal terminal = new OpenTerminal(connection, holder, sandbox, mode, config.watchReplayBytes(), now);
        synchronized (byConnection) {
            long held = byConnection.values().stream().filter(open -> open.heldBy(holder)).count();
            if (held >= config.maxPerUser()) {
                throw new TerminalRefusedException(TerminalRefusal.TOO_MANY, "You already have " + held
                        + " terminals open, the most one person may; close one and try again.");
            }
            byConnection.put(connection.id(), terminal);
        }
        terminal.subscribed(events.subscribe(sandboxId, event -> closeIfUnusable(terminal, event)));
        if (!connection.isOpen()) {
            closed(connection);
        }
        return terminal;
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private void startShell(OpenTerminal terminal) {
        String sandboxId = terminal.sandboxId();
        SandboxProcess process;
        try {
            images.await(sandboxId, terminal.sandbox.imagesPending()); // as the ticket's redemption read it
        } catch (SandboxImagesNotInException e) {
            LOG.infof("Terminal refused on %s: %s", sandboxId, e.getMessage());
            throw new TerminalRefusedException(TerminalRefusal.SANDBOX_UNUSABLE, e.getMessage());
        }
        try {
            suspensions.ensureAwake(sandboxId);
            process = provisioner.exec(sandboxId, new ShellRequest(List.of(), true, TERM, INITIAL_COLUMNS, INITIAL_ROWS));
        } catch (UnsupportedOperationException | ProvisioningException | SandboxNotWokenException e) {
            throw new TerminalRefusedException(TerminalRefusal.BACKEND_ERROR, e.getMessage());
        }
        terminal.started(process, new ResizeCoalescer(config.resizeInterval(), System::nanoTime,
                (task, nanos) -> resizeTimer.schedule(task, nanos, TimeUnit.NANOSECONDS),
                size -> resize(terminal, size)));
        activity.channelOpened(sandboxId);
        LOG.infof("Terminal opened on %s by %s", sandboxId, terminal.holder.subject());
        if (!byConnection.containsKey(terminal.connection.id())) {
            process.close();
            activity.channelClosed(sandboxId);
            return;
        }
        for (OpenTerminal watcher : onSandbox(sandboxId, TerminalMode.WATCH)) {
            tell(terminal, watcher.holderLabel() + " is watching this terminal.");
        }
        output.execute(() -> pump(terminal, process));
    }

    private static void resize(OpenTerminal terminal, ResizeCoalescer.Size size) {
        if (!terminal.connection.isOpen()) {
            return;
        }
        try {
            terminal.process().resize(size.columns(), size.rows());
        } catch (RuntimeException e) {
            LOG.debugf("Resizing a terminal on %s failed: %s", terminal.sandboxId(), e.getMessage());
        }
    }

    /**
     * Copies what the shell prints to its socket and to the sandbox's watchers until it ends, then closes. The copy
     * to the learner's socket waits until each chunk is written, so a learner whose connection does not keep up
     * holds their own shell (its output pipe fills and it waits) instead of the service buffering it; watchers are
     * sent to without waiting, within {@code labfleet.terminal.send-buffer-bytes} each.
     */
    private void pump(OpenTerminal terminal, SandboxProcess process) {
        MDC.put("sandbox", terminal.sandboxId());
        byte[] buffer = new byte[READ_BUFFER];
        try {
            InputStream printed = process.stdout();
            int read;
            while ((read = printed.read(buffer)) >= 0) {
                if (read == 0) {
                    continue;
                }
                byte[] chunk = Arrays.copyOf(buffer, read);
                terminal.scrollback.append(chunk, 0, read);
                terminal.used(clock.instant());
                activity.touch(terminal.sandboxId());
                for (OpenTerminal watcher : onSandbox(terminal.sandboxId(), TerminalMode.WATCH)) {
                    send(watcher, chunk);
                }
                terminal.connection.sendBinaryAndAwait(chunk);
            }
            int status = process.waitFor();
            // Unless the service closed it already, with its own reason (the sandbox ended, which ends the shell too).
            if (byConnection.containsKey(terminal.connection.id())) {
                close(terminal.connection, new TerminalRefusal(CloseReason.NORMAL.getCode(),
                        "The shell exited with status " + status + "."));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("The output of a terminal on %s ended: %s", terminal.sandboxId(), e.getMessage());
            if (terminal.connection.isOpen() && byConnection.containsKey(terminal.connection.id())) {
                close(terminal.connection, new TerminalRefusal(TerminalRefusal.BACKEND_ERROR,
                        "The shell's output ended: " + e.getMessage()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            MDC.remove("sandbox");
        }
    }

    private void startWatching(OpenTerminal watcher) {
        String sandboxId = watcher.sandboxId();
        String learnerName = QuarkusTransaction.requiringNew().call(() -> {
            Sandbox sandbox = Sandbox.findById(sandboxId);
            audit.recordIfOnBehalf(watcher.holder, AuditAction.TERMINAL_WATCHED, AuditTarget.sandbox(sandboxId,
                    sandbox.tenantId, sandbox.learnerId, sandbox.learnerName), "read-only, live");
            return sandbox.learnerName == null ? sandbox.learnerId : sandbox.learnerName;
        });
        LOG.infof("Terminal of %s watched by %s", sandboxId, watcher.holder.subject());
        List<OpenTerminal> typing = onSandbox(sandboxId, TerminalMode.INTERACTIVE);
        tell(watcher, "watching the terminal of " + learnerName + " on " + sandboxId + ", read-only."
                + (typing.isEmpty() ? " No terminal is open yet: it shows here once one is." : ""));
        for (OpenTerminal learner : typing) {
            send(watcher, learner.scrollback.snapshot());
            tell(learner, watcher.holderLabel() + " is watching this terminal.");
        }
    }

    /** Types what the socket sent into its shell; a watcher's input goes nowhere, which they are told once. */
    public void input(WebSocketConnection connection, byte[] bytes) {
        OpenTerminal terminal = byConnection.get(connection.id());
        if (terminal == null) {
            return;
        }
        if (terminal.mode == TerminalMode.WATCH) {
            if (terminal.firstInputWhileWatching()) {
                control(terminal, ControlMessage.error("This terminal is read-only (mode=watch): what you type is not sent."));
            }
            return;
        }
        SandboxProcess process = terminal.process();
        if (process == null) {
            return;
        }
        terminal.used(clock.instant());
        activity.touch(terminal.sandboxId());
        try {
            OutputStream stdin = process.stdin();
            stdin.write(bytes);
            stdin.flush();
        } catch (IOException e) {
            LOG.debugf("Typing into a terminal on %s failed: %s", terminal.sandboxId(), e.getMessage());
        }
    }

    /** Answers a control message: ping with pong, resize by resizing the shell's terminal (ignored when watching). */
    public void control(WebSocketConnection connection, String text) {
        OpenTerminal terminal = byConnection.get(connection.id());
        if (terminal == null) {
            return;
        }
        ControlMessage message;
        try {
            message = json.readValue(text, ControlMessage.class);
        } catch (JsonProcessingException e) {
            control(terminal, ControlMessage.error("Control messages are JSON objects such as {\"type\":\"ping\"}; "
                    + "typed bytes go in binary frames."));
            return;
        }
        switch (Objects.requireNonNullElse(message.type(), "")) {
            case "ping" -> control(terminal, ControlMessage.pong());
            case "resize" -> {
                if (!message.isValidResize()) {
                    control(terminal, ControlMessage.error("A resize needs columns (1-" + ResizeCoalescer.Size.MAX_COLUMNS
                            + ") and rows (1-" + ResizeCoalescer.Size.MAX_ROWS + ")."));
                } else if (terminal.resizes() != null) {
                    terminal.resizes().request(message.columns(), message.rows());
                }
            }
            default -> control(terminal, ControlMessage.error("Unknown control message type; known: ping, resize."));
        }
    }

    /** Forgets a socket that closed, ending its shell; its learner is told when a watcher leaves. */
    public void closed(WebSocketConnection connection) {
        OpenTerminal terminal = byConnection.remove(connection.id());
        if (terminal == null) {
            return;
        }
        terminal.release();
        if (terminal.process() != null) {
            activity.channelClosed(terminal.sandboxId());
        }
        if (terminal.mode == TerminalMode.WATCH) {
            for (OpenTerminal learner : onSandbox(terminal.sandboxId(), TerminalMode.INTERACTIVE)) {
                tell(learner, terminal.holderLabel() + " stopped watching.");
            }
        }
    }

    /** How many terminals are open on this replica for the sandbox. */
    public long openFor(String sandboxId) {
        return byConnection.values().stream().filter(open -> open.sandboxId().equals(sandboxId)).count();
    }

    @Scheduled(every = "${labfleet.terminal.check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "terminal-check")
    void checkPeriodically() {
        closeIdleAndUnusable();
        tickets.forgetOld();
    }

    /** Closes the terminals idle too long and those whose sandbox is gone, unusable or moved; returns how many. */
    public int closeIdleAndUnusable() {
        List<OpenTerminal> open = List.copyOf(byConnection.values());
        if (open.isEmpty()) {
            return 0;
        }
        Map<String, SandboxRoute> current = directory.findAll(open.stream().map(OpenTerminal::sandboxId)
                .collect(Collectors.toSet()));
        Instant now = clock.instant();
        int closed = 0;
        for (OpenTerminal terminal : open) {
            TerminalRefusal refusal = TerminalAccess.checkOpen(terminal.sandbox, current.get(terminal.sandboxId()), now)
                    .orElse(null);
            if (refusal == null && !terminal.lastActivity().plus(config.idleTimeout()).isAfter(now)) {
                refusal = new TerminalRefusal(TerminalRefusal.IDLE, "Nothing was typed or printed for "
                        + config.idleTimeout().toMinutes() + " min; open the terminal again to go on.");
            }
            if (refusal != null) {
                closed(terminal.connection);
                close(terminal.connection, refusal);
                closed++;
            }
        }
        return closed;
    }

    private void closeIfUnusable(OpenTerminal terminal, SandboxEvent event) {
        if ("state".equals(event.type()) && !SandboxState.USABLE.contains(event.state())) {
            // Its reason is sent first: forgetting the terminal ends its shell, whose end must not close it first.
            close(terminal.connection, new TerminalRefusal(TerminalRefusal.SANDBOX_UNUSABLE,
                    "Sandbox " + event.sandboxId() + " is " + event.state() + "; this terminal is closed."));
            closed(terminal.connection);
        }
    }

    private List<OpenTerminal> onSandbox(String sandboxId, TerminalMode mode) {
        return byConnection.values().stream()
                .filter(open -> open.mode == mode && open.sandboxId().equals(sandboxId)).toList();
    }

    /** Shows one line of the service's own in the terminal, apart from what the shell prints. */
    private void tell(OpenTerminal terminal, String line) {
        send(terminal, ("\r\nlabfleet: " + line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends without waiting for the write, within the socket's share of memory: a socket that already holds
     * {@code labfleet.terminal.send-buffer-bytes} not yet written is closed instead, so that a stalled watcher cannot
     * make the service hold an endless stream for it.
     */
    private void send(OpenTerminal terminal, byte[] bytes) {
        if (bytes.length == 0 || !terminal.connection.isOpen()) {
            return;
        }
        if (!terminal.reserve(bytes.length, config.sendBufferBytes())) {
            LOG.infof("Closing a terminal of %s held by %s: it did not take its output fast enough",
                    terminal.sandboxId(), terminal.holder.subject());
            closed(terminal.connection);
            close(terminal.connection, new TerminalRefusal(TerminalRefusal.TOO_SLOW,
                    "Your connection did not keep up with this terminal's output; open it again."));
            return;
        }
        terminal.connection.sendBinary(bytes).subscribe().with(done -> terminal.written(bytes.length), failure -> {
            terminal.written(bytes.length);
            LOG.debugf("A terminal of %s missed output: %s", terminal.sandboxId(), failure.getMessage());
        });
    }

    private void control(OpenTerminal terminal, ControlMessage message) {
        try {
            terminal.connection.sendText(json.writeValueAsString(message)).subscribe().with(done -> { }, failure ->
                    LOG.debugf("A terminal of %s missed a control message: %s", terminal.sandboxId(), failure.getMessage()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A control message always serializes", e);
        }
    }

    private static void close(WebSocketConnection connection, TerminalRefusal refusal) {
        connection.close(new CloseReason(refusal.code(), refusal.reason())).subscribe().with(done -> { }, failure ->
                LOG.debugf("Closing a terminal socket failed: %s", failure.getMessage()));
    }
}
