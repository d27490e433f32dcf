package io.labfleet.terminal;

/** The latest bytes a terminal printed, at most a fixed number, for a watcher who joins late. Thread-safe. */
final class Scrollback {

    private final byte[] ring;
    private int start;
    private int size;

    Scrollback(int capacity) {
        this.ring = new byte[Math.max(capacity, 0)];
    }

    synchronized void append(byte[] bytes, int offset, int length) {
        if (ring.length == 0) {
            return;
        }
        for (int i = Math.max(0, length - ring.length); i < length; i++) {
            ring[(start + size) % ring.length] = bytes[offset + i];
            if (size < ring.length) {
                size++;
            } else {
                start = (start + 1) % ring.length;
            }
        }
    }

    synchronized byte[] snapshot() {
        byte[] copy = new byte[size];
        for (int i = 0; i < size; i++) {
            copy[i] = ring[(start + i) % ring.length];
        }
        return copy;
    }
}
