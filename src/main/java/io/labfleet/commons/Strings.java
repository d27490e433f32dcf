package io.labfleet.commons;

import java.nio.charset.StandardCharsets;

/** Text helpers every component shares. */
public final class Strings {

    private static final int ELLIPSIS_BYTES = "…".getBytes(StandardCharsets.UTF_8).length;

    private Strings() {
    }

    /**
     * {@code text} cut to at most {@code max} characters, the last one an ellipsis when anything was cut: what a
     * column, a log line or a learner's message can hold. Null stays null.
     */
    public static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }

    /**
     * Like {@link #truncate}, counting UTF-8 bytes rather than characters (what a WebSocket close frame or a header
     * can hold), and never cutting a character in two. Null stays null.
     */
    public static String truncateUtf8(String text, int maxBytes) {
        if (text == null || text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        int room = maxBytes - ELLIPSIS_BYTES;
        StringBuilder fitted = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            String next = new String(Character.toChars(text.codePointAt(i)));
            int size = next.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > room) {
                break;
            }
            fitted.append(next);
            bytes += size;
        }
        return fitted.append("…").toString();
    }
}
