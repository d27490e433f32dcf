package io.labfleet.validation.check;

/** One line of {@code docker diff}: a path of the container's writable layer and what happened to it. */
public record FileChange(String path, Kind kind) {

    public enum Kind {
        ADDED("A"), CHANGED("C"), DELETED("D");

        private final String letter;

        Kind(String letter) {
            this.letter = letter;
        }

        /** The letter {@code docker diff} prints. */
        public String letter() {
            return letter;
        }
    }

    @Override
    public String toString() {
        return kind.letter() + " " + path;
    }
}
