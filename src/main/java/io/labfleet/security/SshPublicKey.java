package io.labfleet.security;

import io.labfleet.commons.Sha256;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * An OpenSSH public key line ({@code type base64 [comment]}), checked down to its binary encoding.
 * Accepted: ssh-ed25519, ecdsa-sha2-nistp256/384/521, and ssh-rsa of at least 2048 bits.
 *
 * @param type        the algorithm name, e.g. {@code ssh-ed25519}
 * @param blob        the key's wire encoding (what the base64 holds)
 * @param bits        the key size
 * @param comment     the free text after the key, may be empty
 */
public record SshPublicKey(String type, byte[] blob, int bits, String comment) {

    public static final int MIN_RSA_BITS = 2048;
    public static final int MAX_RSA_BITS = 16384;
    private static final Map<String, Integer> ECDSA_CURVES = Map.of(
            "ecdsa-sha2-nistp256", 256, "ecdsa-sha2-nistp384", 384, "ecdsa-sha2-nistp521", 521);

    /** @throws InvalidSshKeyException saying what is wrong, in words a learner can act on */
    public static SshPublicKey parse(String line) {
        if (line == null || line.isBlank()) {
            throw new InvalidSshKeyException("The public key is empty: paste the content of your ~/.ssh/id_ed25519.pub.");
        }
        String text = line.strip();
        if (text.contains("PRIVATE KEY")) {
            throw new InvalidSshKeyException("This is a PRIVATE key: never share it. Paste the public key instead "
                    + "(the file ending in .pub, e.g. ~/.ssh/id_ed25519.pub).");
        }
        if (text.contains("\n") || text.contains("\r")) {
            throw new InvalidSshKeyException("A public key is one line: 'ssh-ed25519 AAAA... comment'.");
        }
        String[] parts = text.split("\\s+", 3);
        if (parts.length < 2) {
            throw new InvalidSshKeyException("Expected 'type base64 [comment]', e.g. 'ssh-ed25519 AAAA... you@laptop'.");
        }
        String type = parts[0];
        if (!isAccepted(type)) {
            throw new InvalidSshKeyException("Key type '" + type + "' is not accepted. Use ssh-ed25519 (recommended), "
                    + "ecdsa-sha2-nistp256/384/521 or ssh-rsa of at least " + MIN_RSA_BITS + " bits.");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new InvalidSshKeyException("The key data is not valid base64: was the key cut when copied?");
        }
        int bits = decode(type, blob);
        return new SshPublicKey(type, blob, bits, parts.length > 2 ? parts[2].strip() : "");
    }

    private static boolean isAccepted(String type) {
        return "ssh-ed25519".equals(type) || "ssh-rsa".equals(type) || ECDSA_CURVES.containsKey(type);
    }

    private static int decode(String type, byte[] blob) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
            String inner = new String(readString(in), StandardCharsets.US_ASCII);
            if (!type.equals(inner)) {
                throw new InvalidSshKeyException("The key says it is '" + type + "' but its data is '" + inner + "'.");
            }
            int bits = switch (type) {
                case "ssh-ed25519" -> {
                    if (readString(in).length != 32) {
                        throw new InvalidSshKeyException("An ed25519 key holds 32 bytes; this one does not.");
                    }
                    yield 256;
                }
                case "ssh-rsa" -> {
                    BigInteger exponent = new BigInteger(readString(in));
                    int size = new BigInteger(readString(in)).bitLength();
                    if (exponent.signum() <= 0 || size < MIN_RSA_BITS) {
                        throw new InvalidSshKeyException("RSA keys need at least " + MIN_RSA_BITS + " bits; this one has "
                                + size + ". Make a new key with 'ssh-keygen -t ed25519'.");
                    }
                    if (size > MAX_RSA_BITS) {
                        throw new InvalidSshKeyException("RSA keys of more than " + MAX_RSA_BITS + " bits are refused.");
                    }
                    yield size;
                }
                default -> {
                    String curve = new String(readString(in), StandardCharsets.US_ASCII);
                    int size = ECDSA_CURVES.get(type);
                    byte[] point = readString(in);
                    int coordinate = (size + 7) / 8;
                    if (!type.endsWith(curve) || point.length != 1 + 2 * coordinate || point[0] != 4) {
                        throw new InvalidSshKeyException("The ECDSA key data does not match curve " + type + ".");
                    }
                    yield size;
                }
            };
            if (in.available() > 0) {
                throw new InvalidSshKeyException("The key data has trailing bytes: was it pasted twice?");
            }
            return bits;
        } catch (IOException e) {
            throw new InvalidSshKeyException("The key data is truncated: was the key cut when copied?");
        }
    }

    private static byte[] readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("length out of range");
        }
        return in.readNBytes(length);
    }

    /** The OpenSSH SHA-256 fingerprint, as {@code ssh-keygen -l} prints it. */
    public String fingerprint() {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(Sha256.digest(blob));
    }

    /** The key without its comment, as stored and compared. */
    public String canonical() {
        return type + " " + Base64.getEncoder().encodeToString(blob);
    }
}
