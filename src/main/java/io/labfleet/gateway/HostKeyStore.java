package io.labfleet.gateway;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;

/**
 * The gateway's ed25519 host key, kept in an OpenSSH private key file: made on first start (mode 0600),
 * read on every later one, so the known_hosts line learners saved stays valid across restarts.
 */
final class HostKeyStore {

    private static final Logger LOG = Logger.getLogger(HostKeyStore.class);

    private HostKeyStore() {
    }

    static KeyPair loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the SSH host key " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The SSH host key " + file + " is not a usable private key", e);
        }
    }

    /** The public half as an OpenSSH line without comment: {@code ssh-ed25519 AAAA...}. */
    static String publicKeyLine(KeyPair keys) {
        return PublicKeyEntry.toString(keys.getPublic());
    }

    static String fingerprint(KeyPair keys) {
        return KeyUtils.getFingerPrint(keys.getPublic());
    }

    private static KeyPair load(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, new PathResource(file), in, null);
            Iterator<KeyPair> first = keys == null ? null : keys.iterator();
            if (first == null || !first.hasNext()) {
                throw new GeneralSecurityException("no key pair in " + file);
            }
            return first.next();
        }
    }

    /** Writes a fresh key next to its final place and moves it there, so two replicas never mix halves. */
    private static void create(Path file) throws IOException, GeneralSecurityException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, ".host-key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            KeyPair keys = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            try (OutputStream out = Files.newOutputStream(temporary)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keys, "labfleet-gateway", null, out);
            }
            moveIntoPlace(temporary, file);
            LOG.infof("Generated the SSH gateway host key %s (%s)", file, fingerprint(keys));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A hard link fails if the name exists, so the first replica to finish wins and the others read its key. */
    private static void moveIntoPlace(Path temporary, Path file) throws IOException {
        try {
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException raced) {
            LOG.infof("Another process created the host key %s first; using it", file);
        } catch (UnsupportedOperationException noHardLinks) {
            Files.move(temporary, file);
        }
    }
}
