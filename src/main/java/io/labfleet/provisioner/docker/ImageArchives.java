package io.labfleet.provisioner.docker;

import io.labfleet.commons.Sha256;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The host's images as {@code docker save} archives on this service's own disk, made once per set of image ids and
 * loaded into every sandbox that needs them. A save makes the host engine, which every sandbox shares, read and pack
 * every layer: once per create before, while the sandbox's daemon waited for it. An archive is known by the images'
 * ids, so an image rebuilt or retagged on the host makes a new one and the one it replaces is deleted; all of them go
 * with the service. They take the disk space of the labs' images (one archive per set of images a lab names).
 */
@ApplicationScoped
class ImageArchives {

    /** Each service process keeps its archives in a folder of its own, named with this and its pid. */
    static final String FOLDER_PREFIX = "labfleet-image-archives-";
    private static final Logger LOG = Logger.getLogger(ImageArchives.class);

    private final Path folder;
    /** Whether this process made {@link #folder}, the only folder it writes archives to (guarded by this). */
    private boolean made;
    /** Per set of references: the archive of the ids they named when it was made. */
    private final Map<List<String>, Archive> archives = new ConcurrentHashMap<>();
    /** One save at a time per set of references: a second create of the lab waits for the first one's archive. */
    private final Map<List<String>, Object> making = new ConcurrentHashMap<>();

    private record Archive(List<String> ids, Path file) {
    }

    ImageArchives() {
        this(ownFolderIn(Path.of(System.getProperty("java.io.tmpdir"))));
    }

    ImageArchives(Path folder) {
        this.folder = folder;
    }

    /**
     * The folder of this process's archives in {@code parent}, empty: what a process that is gone left there (a
     * service killed before it could delete its own, or an earlier one with this pid, as in a restarted container)
     * is deleted.
     */
    static Path ownFolderIn(Path parent) {
        long own = ProcessHandle.current().pid();
        try (Stream<Path> folders = Files.list(parent)) {
            folders.filter(folder -> folder.getFileName().toString().startsWith(FOLDER_PREFIX))
                    .filter(folder -> Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS))
                    .filter(folder -> leftBehind(folder.getFileName().toString().substring(FOLDER_PREFIX.length()), own))
                    .forEach(ImageArchives::deleteFolder);
        } catch (IOException e) {
            LOG.debugf("Could not look for image archives left in %s: %s", parent, e.getMessage());
        }
        return parent.resolve(FOLDER_PREFIX + own);
    }

    private static boolean leftBehind(String pid, long own) {
        try {
            long owner = Long.parseLong(pid);
            return owner == own || ProcessHandle.of(owner).isEmpty();
        } catch (NumberFormatException notOurs) {
            return false;
        }
    }

    /**
     * The archive of {@code references} (whose ids on the host are {@code ids}, in the same order), opened for
     * reading; made with {@code save} when there is none for these ids. When it cannot be written here, the save's
     * own stream is returned (logged), as before archives were kept.
     */
    InputStream open(List<String> references, List<String> ids, Supplier<InputStream> save) {
        Object lock = making.computeIfAbsent(references, key -> new Object());
        synchronized (lock) {
            Archive archive = archives.get(references);
            if (archive == null || !archive.ids().equals(ids)) {
                Path file;
                try {
                    file = write(references, ids, save);
                } catch (IOException | UncheckedIOException e) {
                    LOG.warnf("Could not keep an archive of %s in %s (%s); saving them from the host for this sandbox",
                            references, folder, e.getMessage());
                    return save.get();
                }
                archives.put(references, new Archive(ids, file));
                if (archive != null) {
                    // A load still reading it keeps its open file.
                    deleteQuietly(archive.file());
                }
                archive = archives.get(references);
            }
            try {
                return Files.newInputStream(archive.file());
            } catch (IOException e) {
                archives.remove(references);
                LOG.warnf("The archive of %s is gone (%s); saving them from the host for this sandbox", references,
                        e.getMessage());
                return save.get();
            }
        }
    }

    /**
     * Drops the archive of {@code references}, so that the next sandbox gets a new save: after a load of it failed, it
     * may be what was wrong.
     */
    void forget(List<String> references) {
        Object lock = making.computeIfAbsent(references, key -> new Object());
        synchronized (lock) {
            Archive archive = archives.remove(references);
            if (archive != null) {
                deleteQuietly(archive.file());
            }
        }
    }

    /** Saves the images to a file named after their references and ids: the archive holds both. */
    private Path write(List<String> references, List<String> ids, Supplier<InputStream> save) throws IOException {
        makeFolder();
        Path file = folder.resolve(Sha256.hex(references + "=" + ids) + ".tar");
        Path partial = Files.createTempFile(folder, "saving-", ".tar");
        try (InputStream archive = save.get()) {
            Files.copy(archive, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * Makes the folder the first time, atomically, readable by this service alone. One that was there before is not
     * used (the save is streamed instead): a folder or link of that name may be someone else's, who could swap an
     * archive for images of their own before a sandbox loads it.
     */
    private synchronized void makeFolder() throws IOException {
        if (!made) {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            made = true;
        }
    }

    @PreDestroy
    synchronized void deleteAll() {
        archives.clear();
        if (made) {
            deleteFolder(folder);
            made = false;
        }
    }

    private static void deleteFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(ImageArchives::deleteQuietly);
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            LOG.debugf("Could not delete %s: %s", folder, e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("Could not delete the image archive %s: %s", file, e.getMessage());
        }
    }
}
