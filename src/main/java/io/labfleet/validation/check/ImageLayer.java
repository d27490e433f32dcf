package io.labfleet.validation.check;

/**
 * One step of an image's history: the instruction that made it, the size it added, the id of the image that step
 * made ({@code <missing>} when the engine does not have it, e.g. for pulled images or BuildKit builds) and when it
 * was made (seconds since the epoch).
 */
public record ImageLayer(String createdBy, long size, String id, long created) {

    public static final String MISSING = "<missing>";

    public ImageLayer(String createdBy, long size) {
        this(createdBy, size, MISSING, 0);
    }

    /**
     * Whether this step is the very same build step as {@code other}, taken from the build cache rather than run
     * again: the same image made it, or (when the engine keeps no id) the same instruction, at the same second,
     * adding the same size.
     */
    public boolean sameStepAs(ImageLayer other) {
        if (!id.equals(MISSING) && !other.id.equals(MISSING)) {
            return id.equals(other.id);
        }
        return createdBy.equals(other.createdBy) && created == other.created && size == other.size;
    }
}
