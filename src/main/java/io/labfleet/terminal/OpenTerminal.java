package io.labfleet.terminal;

import io.labfleet.commons.ResizeCoalescer;
import io.labfleet.gateway.SandboxRoute;
import io.labfleet.provisioner.SandboxProcess;
import io.labfleet.security.Caller;
import io.quarkus.websockets.next.WebSocketConnection;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** One open terminal socket: who holds it, on which sandbox, in which mode, and for a typing one its shell. */
final class OpenTerminal {

    final WebSocketConnection connection;
    final Caller holder;
    final SandboxRoute sandbox;
    final TerminalMode mode;
    final Scrollback scrollback;
    private volatile SandboxProcess process;
    private volatile ResizeCoalescer resizes;
    private final AtomicLong unsent = new AtomicLong();
    private volatile Instant lastActivity;
    private volatile Runnable unsubscribe;
    private volatile boolean toldReadOnly;

    OpenTerminal(WebSocketConnection connection, Caller holder, SandboxRoute sandbox, TerminalMode mode, int replayBytes,
                 Instant now) {
        this.connection = connection;
        this.holder = holder;
        this.sandbox = sandbox;
        this.mode = mode;
        this.scrollback = new Scrollback(mode == TerminalMode.INTERACTIVE ? replayBytes : 0);
        this.lastActivity = now;
    }

    String sandboxId() {
        return sandbox.sandboxId();
    }

    boolean heldBy(Caller caller) {
        return holder.subject().equals(caller.subject()) && Objects.equals(holder.tenantId(), caller.tenantId());
    }

    /** Who holds it, as the learner reads it: a display name without control characters, and the role. */
    String holderLabel() {
        String name = holder.displayName() == null ? holder.subject() : holder.displayName();
        String role = holder.isAdmin() ? "admin" : holder.isInstructor() ? "instructor" : "learner";
        return name.codePoints().filter(c -> !Character.isISOControl(c)).limit(64)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append) + " (" + role + ")";
    }

    void started(SandboxProcess started, ResizeCoalescer resizer) {
        this.process = started;
        this.resizes = resizer;
    }

    ResizeCoalescer resizes() {
        return resizes;
    }

    /**
     * Counts bytes about to be sent without waiting for them to be written; false (and nothing counted) when the
     * socket would then hold more than {@code limit} bytes not yet written.
     */
    boolean reserve(int bytes, long limit) {
        if (unsent.addAndGet(bytes) > limit) {
            unsent.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** Bytes counted by {@link #reserve} were written (or failed): they no longer take room. */
    void written(int bytes) {
        unsent.addAndGet(-bytes);
    }

    SandboxProcess process() {
        return process;
    }

    void used(Instant now) {
        lastActivity = now;
    }

    Instant lastActivity() {
        return lastActivity;
    }

    void subscribed(Runnable unsubscribeHandle) {
        this.unsubscribe = unsubscribeHandle;
    }

    /** Whether a watcher still has to be told, once, that what they type is not sent. */
    boolean firstInputWhileWatching() {
        boolean first = !toldReadOnly;
        toldReadOnly = true;
        return first;
    }

    /** Stops following the sandbox's events and ends the shell, if any. */
    void release() {
        Runnable handle = unsubscribe;
        if (handle != null) {
            handle.run();
        }
        SandboxProcess running = process;
        if (running != null) {
            running.close();
        }
    }
}
