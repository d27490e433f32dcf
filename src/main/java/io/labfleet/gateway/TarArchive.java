package io.labfleet.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Just enough of the POSIX ustar format to write small archives of short names: files and folders. */
final class TarArchive {

    private static final int BLOCK = 512;

    private TarArchive() {
    }

    static void writeFile(ByteArrayOutputStream out, String name, byte[] content, int mode) {
        out.writeBytes(header(name, content.length, mode, '0'));
        out.writeBytes(content);
        pad(out, content.length);
    }

    static void writeDirectory(ByteArrayOutputStream out, String name, int mode) {
        out.writeBytes(header(name.endsWith("/") ? name : name + "/", 0, mode, '5'));
    }

    /** Two empty blocks end an archive. */
    static void finish(ByteArrayOutputStream out) {
        out.writeBytes(new byte[2 * BLOCK]);
    }

    private static byte[] header(String name, long size, int mode, char type) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            throw new IllegalArgumentException("tar entry name longer than 100 bytes: " + name);
        }
        byte[] header = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, mode);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, 0);
        header[156] = (byte) type;
        ascii(header, 257, "ustar\0");
        ascii(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        octal(header, 148, 7, checksum);
        header[155] = ' ';
        return header;
    }

    /** A zero-padded octal number of width-1 digits followed by NUL. */
    private static void octal(byte[] header, int offset, int width, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(width - 1 - digits.length()) + digits;
        ascii(header, offset, padded);
        header[offset + width - 1] = 0;
    }

    private static void ascii(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static void pad(ByteArrayOutputStream out, long written) {
        int remainder = (int) (written % BLOCK);
        if (remainder != 0) {
            out.writeBytes(new byte[BLOCK - remainder]);
        }
    }
}
