package io.labfleet.cli;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks the lab's files (the service's gzip tar, every name under {@code <labId>/}) into a folder. Only plain
 * files and folders, only under {@code <labId>/}: links, devices and names leaving the folder are refused. A file
 * that is already there is the learner's work and is kept as it is.
 */
final class LabArchive {

    private static final int BLOCK = 512;

    /** What unpacking did: files written, files kept because they were already there. */
    record Result(List<String> written, List<String> kept) {
    }

    private LabArchive() {
    }

    static Result extract(byte[] gzip, String labId, Path into) {
        List<String> written = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Path root = into.toAbsolutePath().normalize();
        try (DataInputStream tar = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(gzip)))) {
            String longName = null;
            byte[] header = new byte[BLOCK];
            while (true) {
                try {
                    tar.readFully(header);
                } catch (EOFException end) {
                    break;
                }
                if (isZero(header)) {
                    break;
                }
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                byte[] content = read(tar, size);
                if (type == 'x') {
                    longName = paxPath(content, longName);
                    continue;
                }
                if (type == 'L') {
                    longName = new String(content, StandardCharsets.UTF_8).replace("\0", "");
                    continue;
                }
                String name = longName != null ? longName : name(header);
                longName = null;
                if (type != '0' && type != '\0' && type != '5') {
                    throw refused(labId, name, "is neither a file nor a folder");
                }
                Path target = root.resolve(name).normalize();
                if (!name.startsWith(labId + "/") || name.contains("\\") || !target.startsWith(root.resolve(labId))) {
                    throw refused(labId, name, "is outside " + labId + "/");
                }
                if (type == '5') {
                    Files.createDirectories(target);
                } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    kept.add(root.relativize(target).toString());
                } else {
                    Files.createDirectories(target.getParent());
                    Files.write(target, content);
                    if ((octal(header, 100, 8) & 0100) != 0) {
                        executable(target);
                    }
                    written.add(root.relativize(target).toString());
                }
            }
        } catch (IOException e) {
            throw CliException.local("Cannot unpack the lab's files into " + root.resolve(labId) + ": " + e.getMessage());
        }
        return new Result(written, kept);
    }

    private static CliException refused(String labId, String name, String why) {
        return new CliException(ExitCode.SERVICE, "The files of " + labId + " hold '" + name + "', which " + why
                + "; nothing more was unpacked.");
    }

    private static byte[] read(InputStream tar, long size) throws IOException {
        if (size > Integer.MAX_VALUE - BLOCK) {
            throw new IOException("an entry of " + size + " bytes");
        }
        byte[] content = tar.readNBytes((int) size);
        if (content.length != size) {
            throw new EOFException("the archive ends inside a file");
        }
        long padding = (BLOCK - size % BLOCK) % BLOCK;
        if (tar.skip(padding) != padding) {
            throw new EOFException("the archive ends inside a file");
        }
        return content;
    }

    /** The {@code path} record of a PAX extended header ({@code "<length> path=<name>\n"}). */
    private static String paxPath(byte[] content, String otherwise) {
        for (String record : new String(content, StandardCharsets.UTF_8).split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return otherwise;
    }

    private static String name(byte[] header) {
        String name = text(header, 0, 100);
        String prefix = new String(header, 257, 6, StandardCharsets.US_ASCII).startsWith("ustar") ? text(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) {
        String digits = text(header, offset, length).trim();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void executable(Path file) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            permissions.add(PosixFilePermission.OWNER_EXECUTE);
            permissions.add(PosixFilePermission.GROUP_EXECUTE);
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException notPosix) {
            file.toFile().setExecutable(true);
        }
    }
}
