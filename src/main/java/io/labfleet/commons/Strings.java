package io.labfleet.commons;

/** Text helpers every component shares. */
public final class Strings {

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
}
