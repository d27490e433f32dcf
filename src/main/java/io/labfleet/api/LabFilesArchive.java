package io.labfleet.api;

import io.labfleet.commons.Sha256;
import io.labfleet.commons.TarEntries;
import io.labfleet.lab.Lab;
import io.labfleet.lab.LearnerFiles;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
            tar.putArchiveEntry(TarEntries.anonymous(lab.id() + "/", 040755, 0));
            tar.closeArchiveEntry();
            for (LearnerFiles.Entry file : LearnerFiles.read(lab)) {
                int mode = file.directory() ? 040755 : file.executable() ? 0100755 : 0100644;
                tar.putArchiveEntry(TarEntries.anonymous(lab.id() + "/" + file.path(), mode, file.content().length));
                tar.write(file.content());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] gzip = bytes.toByteArray();
        return new LabFilesArchive(gzip, Sha256.hex(gzip));
    }


}
