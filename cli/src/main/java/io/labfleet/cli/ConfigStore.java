package io.labfleet.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The learner's labfleet folder ({@link Terminal#configDirectory()}, mode 0700): {@code credentials.json}
 * (the login: tokens or the dev password, mode 0600) and {@code sandboxes.json} (which sandbox commands act on
 * by default, and the docker context each one got).
 */
final class ConfigStore {

    static final String CREDENTIALS = "credentials.json";
    static final String SANDBOXES = "sandboxes.json";

    private final Path directory;

    ConfigStore(Path directory) {
        this.directory = directory;
    }

    /**
     * A login. {@code kind} is {@code oidc} (tokens from the identity provider; {@code expiresAt} in epoch seconds)
     * or {@code dev} (the development login's user and password, sent as HTTP Basic).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Credentials(String url, String kind, String user, String accessToken, String refreshToken, long expiresAt,
                       String tokenEndpoint, String clientId, String password) {

        static final String OIDC = "oidc";
        static final String DEV = "dev";
    }

    /** The sandbox commands act on when none is named, and the docker context made for each sandbox. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Sandboxes(String current, Map<String, String> contexts) {

        Sandboxes {
            contexts = contexts == null ? Map.of() : Map.copyOf(contexts);
        }

        Sandboxes with(String sandboxId, String context) {
            Map<String, String> updated = new TreeMap<>(contexts);
            updated.put(sandboxId, context);
            return new Sandboxes(sandboxId, updated);
        }

        Sandboxes without(String sandboxId) {
            Map<String, String> updated = new TreeMap<>(contexts);
            updated.remove(sandboxId);
            return new Sandboxes(sandboxId.equals(current) ? null : current, updated);
        }
    }

    Optional<Credentials> credentials() {
        return read(CREDENTIALS, Credentials.class);
    }

    void save(Credentials credentials) {
        write(CREDENTIALS, credentials);
    }

    boolean forgetCredentials() {
        try {
            return Files.deleteIfExists(directory.resolve(CREDENTIALS));
        } catch (IOException e) {
            throw CliException.local("Cannot delete " + directory.resolve(CREDENTIALS) + ": " + e.getMessage());
        }
    }

    Sandboxes sandboxes() {
        return read(SANDBOXES, Sandboxes.class).orElse(new Sandboxes(null, Map.of()));
    }

    void save(Sandboxes sandboxes) {
        write(SANDBOXES, sandboxes);
    }

    private <T> Optional<T> read(String name, Class<T> type) {
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(file.toFile(), type));
        } catch (JsonProcessingException e) {
            throw CliException.local(file + " is damaged (" + e.getOriginalMessage() + "): delete it and run labfleet login.");
        } catch (IOException e) {
            throw CliException.local("Cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Written whole to a private temporary file, then moved over the old one: never half a file, never readable by others. */
    private void write(String name, Object value) {
        Path file = directory.resolve(name);
        try {
            Files.createDirectories(directory, permissions("rwx------"));
            Path temporary = Files.createTempFile(directory, "." + name, ".tmp", permissions("rw-------"));
            Files.writeString(temporary, Json.write(value), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CliException.local("Cannot write " + file + ": " + e.getMessage());
        }
    }

    static FileAttribute<?>[] permissions(String mode) {
        Set<PosixFilePermission> posix = PosixFilePermissions.fromString(mode);
        boolean supported = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        return supported ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(posix)} : new FileAttribute<?>[0];
    }
}
