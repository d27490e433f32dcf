package io.labfleet.config;

/**
 * Makes identifiers that are valid SSH user names, DNS labels and Docker names:
 * lower-case letters and digits after a short prefix, e.g. {@code sb-k3v9q2mxa7}.
 */
@FunctionalInterface
public interface IdGenerator {
    String next(String prefix);
}
