package io.labfleet.provisioner.docker;

/**
 * An image reference split the way the Docker API's save and pull calls want it: {@code nginx} is
 * {@code nginx:latest}, and a registry port ({@code mirror:5000/team/app}) is not a tag.
 */
public record ImageReference(String repository, String tag) {

    private static final String DEFAULT_TAG = "latest";

    public static ImageReference parse(String reference) {
        String trimmed = reference.trim();
        if (trimmed.isEmpty() || trimmed.contains("@")) {
            throw new IllegalArgumentException("Image reference '" + reference
                    + "' must be repository[:tag]; digests are not supported.");
        }
        int colon = trimmed.lastIndexOf(':');
        if (colon > trimmed.lastIndexOf('/')) {
            return new ImageReference(trimmed.substring(0, colon), trimmed.substring(colon + 1));
        }
        return new ImageReference(trimmed, DEFAULT_TAG);
    }

    @Override
    public String toString() {
        return repository + ":" + tag;
    }
}
