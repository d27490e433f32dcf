package io.labfleet.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DockerContextTest {

    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    @Test
    void everyFormNamesTheSandboxAndTheGatewaysPublicAddress() {
        DockerContext context = DockerContext.of("sb-abc", "p3-container-lifecycle", "labs.example.org", 2222, KEY);

        assertThat(context.name()).isEqualTo("sb-abc");
        assertThat(context.host()).isEqualTo("ssh://sb-abc@labs.example.org:2222");
        assertThat(context.createCommand()).isEqualTo("docker context create sb-abc --description \"Labfleet sandbox "
                + "sb-abc (lab p3-container-lifecycle)\" --docker \"host=ssh://sb-abc@labs.example.org:2222\"");
        assertThat(context.sshConfig()).isEqualTo("Match final host labs.example.org user sb-*\n"
                + "    Port 2222\n    IdentityFile ~/.ssh/id_ed25519\n    IdentitiesOnly yes\n"
                + "    # Windows' own ssh cannot share a connection: leave out the three Control lines there\n"
                + "    ControlMaster auto\n    ControlPath ~/.ssh/labfleet-%C\n    ControlPersist 10m\n"
                + "Host sb-abc\n    HostName labs.example.org\n    User sb-abc\n");
        assertThat(context.knownHosts()).isEqualTo("[labs.example.org]:2222 " + KEY);
        assertThat(DockerContext.of("sb-abc", "lab", "labs.example.org", 22, KEY).knownHosts())
                .isEqualTo("labs.example.org " + KEY);
    }

    @Test
    void theExportIsATarOfMetaJsonAndAnEmptyTlsFolder() {
        byte[] tar = DockerContext.of("sb-abc", "lab \"x\"", "localhost", 2222, KEY).exportArchive();

        assertThat(tar.length % 512).isZero();
        assertThat(name(tar, 0)).isEqualTo("meta.json");
        assertThat((char) tar[156]).isEqualTo('0');
        int size = Integer.parseInt(field(tar, 124, 12), 8);
        String meta = new String(tar, 512, size, StandardCharsets.UTF_8);
        assertThat(meta).isEqualTo("{\"Name\":\"sb-abc\",\"Metadata\":{\"Description\":\"Labfleet sandbox sb-abc "
                + "(lab lab \\\"x\\\")\"},\"Endpoints\":{\"docker\":{\"Host\":\"ssh://sb-abc@localhost:2222\","
                + "\"SkipTLSVerify\":false}}}");
        int next = 512 + ((size + 511) / 512) * 512;
        assertThat(name(tar, next)).isEqualTo("tls/");
        assertThat((char) tar[next + 156]).isEqualTo('5');
        assertThat(checksumOk(tar, 0)).isTrue();
        assertThat(checksumOk(tar, next)).isTrue();
        assertThat(Arrays.copyOfRange(tar, tar.length - 1024, tar.length)).containsOnly(0);
    }

    /**
     * What the real ssh client makes of ten sandboxes' configs pasted one after the other into ~/.ssh/config
     * ({@code ssh -G} resolves without connecting): each alias reaches its sandbox, what docker runs for a context
     * gets the gateway's port and key, and a plain ssh to the gateway's host is left alone.
     */
    @Test
    void tenSandboxesLaterTheSshConfigStillResolvesEachOneAndLeavesTheGatewayHostAlone(@TempDir Path home)
            throws Exception {
        StringBuilder config = new StringBuilder("Host *\n    ServerAliveInterval 30\n");
        for (int i = 0; i < 10; i++) {
            config.append(DockerContext.of("sb-n" + i, "lab", "labs.example.org", 2222, KEY).sshConfig());
        }
        Path file = Files.writeString(home.resolve("config"), config);

        assertThat(resolved(file, "sb-n7")).contains("user sb-n7", "hostname labs.example.org", "port 2222",
                "identityfile ~/.ssh/id_ed25519", "identitiesonly yes");
        assertThat(resolved(file, "sb-n0")).contains("user sb-n0", "port 2222");
        assertThat(resolved(file, "-l", "sb-n3", "-p", "2222", "labs.example.org")).contains("user sb-n3",
                "port 2222", "identityfile ~/.ssh/id_ed25519", "identitiesonly yes");
        assertThat(resolved(file, "labs.example.org")).contains("port 22", "identitiesonly no")
                .doesNotContain("user sb-");
    }

    private static List<String> resolved(Path config, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("ssh", "-F", config.toString(), "-G"));
        command.addAll(List.of(arguments));
        Process ssh = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ssh.waitFor()).as("ssh -G " + String.join(" ", arguments)).isZero();
        return output.lines().toList();
    }

    private static String name(byte[] tar, int header) {
        return field(tar, header, 100);
    }

    private static String field(byte[] tar, int offset, int length) {
        String text = new String(tar, offset, length, StandardCharsets.US_ASCII);
        int end = text.indexOf('\0');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    private static boolean checksumOk(byte[] tar, int header) {
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : tar[header + i] & 0xff;
        }
        return sum == Long.parseLong(field(tar, header + 148, 7), 8);
    }
}
