package io.labfleet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unpacking the lab's files: only under ./LAB/, only files and folders, the learner's own files kept. */
class LabArchiveTest {

    @TempDir
    Path here;

    @Test
    void writesTheFilesUnderTheLabsFolderAndKeepsWhatTheLearnerChanged() throws IOException {
        byte[] archive = gzipTar(entry("p4/", '5', "", 0755), entry("p4/app/", '5', "", 0755),
                entry("p4/app/index.js", '0', "console.log(1)\n", 0644), entry("p4/run.sh", '0', "#!/bin/sh\n", 0755));
        Files.createDirectories(here.resolve("p4"));
        Files.writeString(here.resolve("p4/run.sh"), "# mine\n");

        LabArchive.Result result = LabArchive.extract(archive, "p4", here);

        assertThat(result.written()).containsExactly("p4/app/index.js");
        assertThat(result.kept()).containsExactly("p4/run.sh");
        assertThat(here.resolve("p4/app/index.js")).hasContent("console.log(1)");
        assertThat(here.resolve("p4/run.sh")).hasContent("# mine");
    }

    @Test
    void refusesANameOutsideTheLabsFolder() {
        for (String name : new String[]{"p4/../../evil", "other/x", "/etc/x", "p4x/y"}) {
            byte[] archive = gzipTar(entry(name, '0', "x", 0644));
            assertThatThrownBy(() -> LabArchive.extract(archive, "p4", here)).as(name)
                    .isInstanceOf(CliException.class).hasMessageContaining("'" + name + "'").hasMessageContaining("outside p4/");
        }
        assertThat(here.getParent().resolve("evil")).doesNotExist();
    }

    @Test
    void refusesLinks() {
        byte[] archive = gzipTar(entry("p4/passwd", '2', "", 0777));

        assertThatThrownBy(() -> LabArchive.extract(archive, "p4", here)).isInstanceOf(CliException.class)
                .hasMessageContaining("neither a file nor a folder");
        assertThat(here.resolve("p4/passwd")).doesNotExist();
    }

    private record Entry(String name, char type, String content, int mode) {
    }

    private static Entry entry(String name, char type, String content, int mode) {
        return new Entry(name, type, content, mode);
    }

    /** A minimal ustar writer for the test (the service writes its archives with commons-compress). */
    private static byte[] gzipTar(Entry... entries) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (Entry entry : entries) {
            byte[] content = entry.content().getBytes(StandardCharsets.UTF_8);
            byte[] header = new byte[512];
            put(header, 0, entry.name());
            put(header, 100, String.format("%07o", entry.mode()));
            put(header, 124, String.format("%011o", content.length));
            header[156] = (byte) entry.type();
            put(header, 257, "ustar");
            tar.writeBytes(header);
            tar.writeBytes(content);
            tar.writeBytes(new byte[(512 - content.length % 512) % 512]);
        }
        tar.writeBytes(new byte[1024]);
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            out.write(tar.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return gzip.toByteArray();
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
