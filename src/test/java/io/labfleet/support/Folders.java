package io.labfleet.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/** Throwaway folders of the tests. */
public final class Folders {

    private Folders() {
    }

    /**
     * Deletes {@code folder} and everything in it. A process that has just been told to end may still be changing its
     * files while the folder is walked (an ssh control master removing its socket, a browser's helpers writing to its
     * profile): a file that vanishes is no error, and a folder that gained a file is walked again for a few seconds.
     */
    public static void deleteTree(Path folder) {
        Await.until(Duration.ofSeconds(10), () -> deleted(folder), Boolean.TRUE::equals, "an empty " + folder);
    }

    /** False when a folder gained a file while it was walked. */
    private static boolean deleted(Path folder) {
        try {
            walkAndDelete(folder);
            return true;
        } catch (DirectoryNotEmptyException busy) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void walkAndDelete(Path folder) throws IOException {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                    if (failure instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw failure;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                    if (failure != null && !(failure instanceof NoSuchFileException)) {
                        throw failure;
                    }
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // Nothing left to delete.
        }
    }
}
