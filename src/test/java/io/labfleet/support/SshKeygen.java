package io.labfleet.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Makes real key pairs with OpenSSH's ssh-keygen at test time (no key is ever committed). */
public final class SshKeygen {

    private SshKeygen() {
    }

    /** A fresh key pair; returns the private key file (its public half is beside it, with {@code .pub}). */
    public static Path generate(String type, Integer bits) {
        try {
            Path dir = Files.createTempDirectory("labfleet-key");
            Path key = dir.resolve("id_" + type);
            List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C",
                    "test@labfleet", "-f", key.toString()));
            if (bits != null) {
                command.addAll(List.of("-b", bits.toString()));
            }
            run(command);
            return key;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String publicKey(String type, Integer bits) {
        return read(generate(type, bits).resolveSibling("id_" + type + ".pub"));
    }

    /** The SHA-256 fingerprint as {@code ssh-keygen -l} prints it. */
    public static String fingerprint(Path publicKeyFile) {
        return run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", publicKeyFile.toString())).split(" ")[1];
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
