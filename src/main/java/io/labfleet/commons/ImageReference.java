package io.labfleet.commons;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference normalised the way Docker does it: {@code nginx} is {@code docker.io/library/nginx},
 * {@code index.docker.io/library/nginx:latest} is the same repository, {@code localhost:5000/app} names a
 * registry with a port, not a tag. {@code tag} and {@code digest} are null when the reference did not give them.
 * One parser for every place that reads an image's name: the lab catalogue, the images seeded into sandboxes, the
 * checks.
 */
public record ImageReference(String domain, String path, String tag, String digest) {

    private static final String DEFAULT_DOMAIN = "docker.io";
    private static final String DEFAULT_TAG = "latest";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}");
    private static final Pattern ID = Pattern.compile("(sha256:)?[a-f0-9]{64}");

    /**
     * @throws IllegalArgumentException when the text is not an image reference
     */
    public static ImageReference parse(String reference) {
        String text = reference == null ? "" : reference.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an image reference cannot be empty");
        }
        String digest = null;
        int at = text.indexOf('@');
        if (at >= 0) {
            digest = text.substring(at + 1);
            text = text.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new IllegalArgumentException("'" + reference + "' has an invalid digest");
            }
        }
        String tag = null;
        int colon = text.lastIndexOf(':');
        if (colon > text.lastIndexOf('/')) {
            tag = text.substring(colon + 1);
            text = text.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("'" + reference + "' has an invalid tag");
            }
        }
        String domain = DEFAULT_DOMAIN;
        String path = text;
        int slash = text.indexOf('/');
        if (slash > 0) {
            String first = text.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                domain = first.equals("index.docker.io") ? DEFAULT_DOMAIN : first;
                path = text.substring(slash + 1);
            }
        }
        if (domain.equals(DEFAULT_DOMAIN) && !path.contains("/")) {
            path = "library/" + path;
        }
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new IllegalArgumentException("'" + reference + "' is not an image reference"
                        + (component.equals(component.toLowerCase(Locale.ROOT)) ? "" : " (names are lower-case)"));
            }
        }
        return new ImageReference(domain, path, tag, digest);
    }

    /** The reference, if the text is one; empty for an image id or anything else. */
    public static Optional<ImageReference> tryParse(String text) {
        if (text == null || looksLikeId(text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A full image id, with or without {@code sha256:}. */
    public static boolean looksLikeId(String text) {
        return ID.matcher(text).matches();
    }

    public String repository() {
        return domain + "/" + path;
    }

    /** The repository as people type it, without tag or digest: {@code nginx}, {@code team/app}, {@code mirror:5000/app}. */
    public String name() {
        return domain.equals(DEFAULT_DOMAIN) && path.startsWith("library/") ? path.substring(8)
                : domain.equals(DEFAULT_DOMAIN) ? path : repository();
    }

    /** The same image with the tag Docker assumes when none is given: {@code nginx} is {@code nginx:latest}. */
    public ImageReference withDefaultTag() {
        return tag != null || digest != null ? this : new ImageReference(domain, path, DEFAULT_TAG, null);
    }

    /**
     * Whether an image known under {@code other} is what this reference asks for: the same repository, and the
     * same tag or digest when this reference gives one. Without a tag, any tag of the repository is accepted: a
     * lab that says "run nginx" is done with {@code nginx:alpine} too.
     */
    public boolean accepts(ImageReference other) {
        if (!repository().equals(other.repository())) {
            return false;
        }
        if (digest != null) {
            return digest.equals(other.digest);
        }
        if (tag != null) {
            return tag.equals(other.tag == null && other.digest == null ? DEFAULT_TAG : other.tag);
        }
        return true;
    }

    /** The short form people type: {@code nginx:1.27} rather than {@code docker.io/library/nginx:1.27}. */
    @Override
    public String toString() {
        return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
