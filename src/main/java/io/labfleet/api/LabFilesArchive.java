package io.labfleet.api;

import io.labfleet.lab.Lab;
import io.labfleet.lab.LearnerFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * A lab's learner files as a gzip-compressed tar, every name under {@code <labId>/}. The bytes depend on the
 * files' names, modes and contents only (fixed times, owner 0), so every replica serves the same archive under
 * the same ETag.
 *
 * @param etag strong entity tag: the archive's SHA-256
 */
record LabFilesArchive(byte[] gzip, String etag) {

    static final String MEDIA_TYPE = "application/gzip";

    static LabFilesArchive of(Lab lab) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes),
                StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.putArchiveEntry(entry(lab.id() + "/", 040755, 0));
            tar.closeArchiveEntry();
            for (LearnerFiles.Entry file : LearnerFiles.read(lab)) {
                int mode = file.directory() ? 040755 : file.executable() ? 0100755 : 0100644;
                tar.putArchiveEntry(entry(lab.id() + "/" + file.path(), mode, file.content().length));
                tar.write(file.content());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] gzip = bytes.toByteArray();
        return new LabFilesArchive(gzip, sha256(gzip));
    }

    /** Nothing of the machine that builds it: no time, owner 0 without a name (the default is this user's). */
    private static TarArchiveEntry entry(String name, int mode, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(mode);
        entry.setSize(size);
        entry.setModTime(0);
        entry.setUserName("");
        entry.setGroupName("");
        return entry;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
