package io.labfleet.validation.check;

import io.labfleet.commons.ImageReference;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The images of a sandbox, to say whether an image someone used (as they typed it: a name, another tag of the
 * same image, a short or full id) is the one a check expects.
 */
public final class ImageCatalog {

    private static final Pattern ID_PREFIX = Pattern.compile("(sha256:)?[a-f0-9]{6,64}");

    private final List<ImageFacts> images;

    public ImageCatalog(List<ImageFacts> images) {
        this.images = List.copyOf(images);
    }

    public List<ImageFacts> all() {
        return images;
    }

    /** The image with this id, or whose id starts with this prefix (with or without {@code sha256:}). */
    public Optional<ImageFacts> byId(String idOrPrefix) {
        if (idOrPrefix == null || !ID_PREFIX.matcher(idOrPrefix).matches()) {
            return Optional.empty();
        }
        String hex = stripAlgorithm(idOrPrefix);
        List<ImageFacts> found = images.stream().filter(i -> stripAlgorithm(i.id()).startsWith(hex)).toList();
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** The images known under a name {@code expected} accepts. */
    public List<ImageFacts> named(ImageReference expected) {
        return images.stream().filter(image -> isNamed(image, expected)).toList();
    }

    /**
     * Whether an object made from {@code used} (as typed; may be an id) resolving to {@code imageId} (may be
     * null, e.g. in an event, or unknown once the image is gone) was made from the image {@code expected} names.
     */
    public boolean matches(ImageReference expected, String used, String imageId) {
        if (used != null && ImageReference.tryParse(used).filter(expected::accepts).isPresent()) {
            return true;
        }
        Optional<ImageFacts> image = Optional.ofNullable(imageId).flatMap(this::byId)
                .or(() -> byId(used));
        return image.filter(i -> isNamed(i, expected)).isPresent();
    }

    private static boolean isNamed(ImageFacts image, ImageReference expected) {
        return image.repoTags().stream().map(ImageReference::tryParse).flatMap(Optional::stream).anyMatch(expected::accepts)
                || image.repoDigests().stream().map(ImageReference::tryParse).flatMap(Optional::stream)
                .anyMatch(expected::accepts);
    }

    private static String stripAlgorithm(String id) {
        return id.startsWith("sha256:") ? id.substring(7) : id;
    }
}
