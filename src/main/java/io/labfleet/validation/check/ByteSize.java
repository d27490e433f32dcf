package io.labfleet.validation.check;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as Docker reads them. Memory limits ({@code -m 128m}) count in powers of 1024; image and disk sizes
 * ({@code docker images} prints {@code 1.99MB}) in powers of 1000, whether written {@code MB} or {@code MiB}.
 */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp])?i?b?", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "kmgtp";

    private ByteSize() {
    }

    /** A memory size as {@code docker run -m} reads it: {@code 128m} is 134217728 bytes. */
    public static long memory(String text) {
        return parse(text, 1024);
    }

    /** A disk size as {@code docker images} prints it: {@code 50MB} is 50000000 bytes. */
    public static long disk(String text) {
        return parse(text, 1000);
    }

    private static long parse(String text, int base) {
        Matcher matcher = SIZE.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size like 128m or 50MB");
        }
        double value = Double.parseDouble(matcher.group(1));
        if (matcher.group(2) != null) {
            int power = UNITS.indexOf(matcher.group(2).toLowerCase(Locale.ROOT)) + 1;
            value *= Math.pow(base, power);
        }
        return (long) value;
    }

    /** {@code 128 MiB}, as people say memory limits. */
    public static String formatMemory(long bytes) {
        return format(bytes, 1024, "iB");
    }

    /** {@code 1.99 MB}, as {@code docker images} says image sizes. */
    public static String formatDisk(long bytes) {
        return format(bytes, 1000, "B");
    }

    private static String format(long bytes, int base, String suffix) {
        if (bytes < base) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= base && unit < UNITS.length() - 1) {
            value /= base;
            unit++;
        }
        String number = value == Math.rint(value) ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.2f", value).replaceAll("\\.?0+$", "");
        return number + " " + Character.toUpperCase(UNITS.charAt(unit)) + suffix;
    }
}
