package io.labfleet.provisioner.docker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host's images are saved once per set of image ids and every sandbox loads that archive; a tag moved on the host
 * makes a new one, and a disk that cannot hold them makes every sandbox get the host's save as before.
 */
class ImageArchivesTest {

    private static final List<String> NGINX = List.of("nginx:latest");

    @TempDir
    Path temp;
    private ImageArchives archives;

    @AfterEach
    void deleteArchives() {
        if (archives != null) {
            archives.deleteAll();
        }
    }

    @Test
    void theHostSavesTheImagesOnceAndEverySandboxLoadsTheSameArchive() throws IOException {
        archives = new ImageArchives(temp.resolve("archives"));
        CountingSave save = new CountingSave("nginx layers");

        assertThat(read(archives.open(NGINX, List.of("sha256:1"), save))).isEqualTo("nginx layers");
        assertThat(read(archives.open(NGINX, List.of("sha256:1"), save))).isEqualTo("nginx layers");

        assertThat(save.count.get()).isEqualTo(1);
        assertThat(files(temp.resolve("archives"))).hasSize(1);
    }

    @Test
    void anImageRebuiltOnTheHostIsSavedAgainAndItsOldArchiveDeleted() throws IOException {
        archives = new ImageArchives(temp.resolve("archives"));
        read(archives.open(NGINX, List.of("sha256:1"), new CountingSave("old nginx")));
        CountingSave rebuilt = new CountingSave("new nginx");

        assertThat(read(archives.open(NGINX, List.of("sha256:2"), rebuilt))).isEqualTo("new nginx");

        assertThat(rebuilt.count.get()).isEqualTo(1);
        assertThat(files(temp.resolve("archives"))).hasSize(1);
    }

    @Test
    void anArchiveWhoseLoadFailedIsMadeAgainForTheNextSandbox() throws IOException {
        archives = new ImageArchives(temp.resolve("archives"));
        read(archives.open(NGINX, List.of("sha256:1"), new CountingSave("truncated")));

        archives.forget(NGINX);
        CountingSave again = new CountingSave("whole");

        assertThat(read(archives.open(NGINX, List.of("sha256:1"), again))).isEqualTo("whole");
        assertThat(again.count.get()).isEqualTo(1);
        assertThat(files(temp.resolve("archives"))).hasSize(1);
    }

    @Test
    void theSameImagesUnderOtherNamesGetAnArchiveOfTheirOwn() throws IOException {
        archives = new ImageArchives(temp.resolve("archives"));
        read(archives.open(NGINX, List.of("sha256:1"), new CountingSave("tagged latest")));

        assertThat(read(archives.open(List.of("nginx:1.25"), List.of("sha256:1"), new CountingSave("tagged 1.25"))))
                .isEqualTo("tagged 1.25");
        assertThat(read(archives.open(NGINX, List.of("sha256:1"), new CountingSave("not asked"))))
                .isEqualTo("tagged latest");
    }

    @Test
    void archivesAreReadableByTheServiceAlone() throws IOException {
        archives = new ImageArchives(temp.resolve("archives"));
        read(archives.open(NGINX, List.of("sha256:1"), new CountingSave("nginx layers")));

        assertThat(Files.getPosixFilePermissions(temp.resolve("archives")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE);
    }

    @Test
    void whereNoArchiveCanBeWrittenEverySandboxGetsTheHostsSave() throws IOException {
        Path notAFolder = Files.writeString(temp.resolve("file"), "in the way");
        archives = new ImageArchives(notAFolder);
        CountingSave save = new CountingSave("nginx layers");

        assertThat(read(archives.open(NGINX, List.of("sha256:1"), save))).isEqualTo("nginx layers");
        assertThat(read(archives.open(NGINX, List.of("sha256:1"), save))).isEqualTo("nginx layers");

        assertThat(save.count.get()).isEqualTo(2);
    }

    @Test
    void aFolderOfThatNameMadeBeforeTheServiceIsNotUsed() throws IOException {
        Path elsewhere = Files.createDirectories(temp.resolve("someone-elses"));
        Path folder = Files.createSymbolicLink(temp.resolve("archives"), elsewhere);
        archives = new ImageArchives(folder);
        CountingSave save = new CountingSave("nginx layers");

        assertThat(read(archives.open(NGINX, List.of("sha256:1"), save))).isEqualTo("nginx layers");
        assertThat(read(archives.open(NGINX, List.of("sha256:1"), save))).isEqualTo("nginx layers");

        assertThat(save.count.get()).as("the host's save streamed each time").isEqualTo(2);
        assertThat(files(elsewhere)).as("nothing written where the link points").isEmpty();
        archives.deleteAll();
        assertThat(elsewhere).as("nor deleted there").exists();
    }

    @Test
    void theServiceStoppingDeletesItsArchives() throws IOException {
        Path folder = temp.resolve("archives");
        archives = new ImageArchives(folder);
        read(archives.open(NGINX, List.of("sha256:1"), new CountingSave("nginx layers")));

        archives.deleteAll();

        assertThat(folder).doesNotExist();
    }

    @Test
    void archivesLeftByAServiceThatIsGoneAreDeletedAndThoseOfALiveOneKept() throws IOException {
        Path dead = Files.createDirectories(temp.resolve(ImageArchives.FOLDER_PREFIX + Long.MAX_VALUE));
        Files.writeString(dead.resolve("left.tar"), "left behind");
        Path samePid = Files.createDirectories(temp.resolve(ImageArchives.FOLDER_PREFIX + ProcessHandle.current().pid()));
        Files.writeString(samePid.resolve("left.tar"), "left by an earlier process with this pid");
        Path live = Files.createDirectories(temp.resolve(ImageArchives.FOLDER_PREFIX + ProcessHandle.current().parent()
                .orElseThrow().pid()));

        Path linked = Files.createDirectories(temp.resolve("linked"));
        Files.writeString(linked.resolve("keep.txt"), "not the service's");
        Files.createSymbolicLink(temp.resolve(ImageArchives.FOLDER_PREFIX + (Long.MAX_VALUE - 1)), linked);

        Path own = ImageArchives.ownFolderIn(temp);

        assertThat(dead).doesNotExist();
        assertThat(own).isEqualTo(samePid).doesNotExist();
        assertThat(live).exists();
        assertThat(linked.resolve("keep.txt")).as("a link of that name is not followed").exists();
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    private static String read(InputStream archive) throws IOException {
        try (archive) {
            return new String(archive.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static final class CountingSave implements Supplier<InputStream> {
        private final String content;
        private final AtomicInteger count = new AtomicInteger();

        CountingSave(String content) {
            this.content = content;
        }

        @Override
        public InputStream get() {
            count.incrementAndGet();
            return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        }
    }
}
