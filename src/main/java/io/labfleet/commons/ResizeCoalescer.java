package io.labfleet.commons;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Gives a terminal's shell the window size its client asks for (a browser's socket, an ssh client's window-change
 * requests), at most once per interval: each resize is a call to the sandbox's backend, and a client may send
 * thousands a second (a window being dragged, or on purpose). A size
 * asked for when the last one was applied less than an interval ago waits for the interval's end, and only the
 * latest size asked for meanwhile is applied then. The first size is applied at once, in the caller's thread, so
 * that what is typed right after it runs at that size.
 */
public final class ResizeCoalescer {

    /** A window size, in character cells. */
    public record Size(int columns, int rows) {

        /** The widest and tallest terminal a client may ask for (a 4K screen in a small font is about 700 × 200). */
        public static final int MAX_COLUMNS = 1000;
        public static final int MAX_ROWS = 500;

        /** Whether a client's size is one a terminal can have. */
        public static boolean valid(int columns, int rows) {
            return columns >= 1 && columns <= MAX_COLUMNS && rows >= 1 && rows <= MAX_ROWS;
        }
    }

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final BiConsumer<Runnable, Long> later;
    private final Consumer<Size> apply;
    private final AtomicReference<Size> wanted = new AtomicReference<>();
    private final AtomicBoolean due = new AtomicBoolean();
    private volatile long nextAllowed;
    private volatile boolean appliedOnce;

    /**
     * @param later runs a task after the given number of nanoseconds (on a timer thread)
     * @param apply resizes the shell's terminal
     */
    public ResizeCoalescer(Duration interval, LongSupplier nanoTime, BiConsumer<Runnable, Long> later, Consumer<Size> apply) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.later = later;
        this.apply = apply;
    }

    /** Asks for a size: applied now, or at the end of the interval unless a later size replaces it. */
    public void request(int columns, int rows) {
        wanted.set(new Size(columns, rows));
        if (!due.compareAndSet(false, true)) {
            return;
        }
        long wait = appliedOnce ? nextAllowed - nanoTime.getAsLong() : 0;
        if (wait <= 0) {
            applyLatest();
        } else {
            later.accept(this::applyLatest, wait);
        }
    }

    private void applyLatest() {
        nextAllowed = nanoTime.getAsLong() + intervalNanos;
        appliedOnce = true;
        due.set(false);
        Size size = wanted.getAndSet(null);
        if (size != null) {
            apply.accept(size);
        }
    }
}
