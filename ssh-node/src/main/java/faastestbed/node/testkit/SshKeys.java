package faastestbed.node.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * Fresh Ed25519 key pairs in the formats OpenSSH and sshj use, generated with the JDK alone.
 *
 * <p>The private key is an unencrypted {@code -----BEGIN OPENSSH PRIVATE KEY-----} block that sshj loads with
 * {@code ssh.loadKeys(privateKeyPem, null, null)}; the public key is an {@code authorized_keys} line.
 */
public final class SshKeys {

    private SshKeys() {
    }

    /** A generated key pair: OpenSSH private key, {@code authorized_keys} line and its SHA256 fingerprint. */
    public record SshKeyPair(String privateKeyPem, String authorizedKey, String fingerprint) {
        @Override
        public String toString() {
            return "SshKeyPair[" + fingerprint + "]"; // never print the private key
        }
    }

    private static final String KEY_TYPE = "ssh-ed25519";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Generates a new Ed25519 key pair; {@code comment} ends the {@code authorized_keys} line. */
    public static SshKeyPair generateEd25519(String comment) {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate Ed25519 keys", e);
        }
        // X.509 SubjectPublicKeyInfo of an Ed25519 key = 12-byte header + the 32-byte raw key.
        byte[] x509 = pair.getPublic().getEncoded();
        byte[] pub = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes()
                .orElseThrow(() -> new IllegalStateException("Ed25519 private key bytes not available"));

        byte[] publicBlob = new SshBuffer().putString(KEY_TYPE).putBytes(pub).toByteArray();

        // openssh-key-v1, unencrypted (see OpenSSH's PROTOCOL.key).
        int check = RANDOM.nextInt();
        byte[] secret = new byte[64];
        System.arraycopy(seed, 0, secret, 0, 32);
        System.arraycopy(pub, 0, secret, 32, 32);
        SshBuffer priv = new SshBuffer().putInt(check).putInt(check)
                .putString(KEY_TYPE).putBytes(pub).putBytes(secret).putString(comment);
        for (int pad = 1; priv.size() % 8 != 0; pad++) {
            priv.putByte(pad);
        }
        SshBuffer file = new SshBuffer();
        file.putRaw("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
        file.putString("none").putString("none").putString("").putInt(1)
                .putBytes(publicBlob).putBytes(priv.toByteArray());
        Arrays.fill(secret, (byte) 0);

        String body = Base64.getMimeEncoder(70, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(file.toByteArray());
        String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + body + "\n-----END OPENSSH PRIVATE KEY-----\n";
        String authorized = KEY_TYPE + " " + Base64.getEncoder().encodeToString(publicBlob)
                + (comment == null || comment.isEmpty() ? "" : " " + comment);
        return new SshKeyPair(pem, authorized, fingerprint(publicBlob));
    }

    /** OpenSSH-style fingerprint ({@code SHA256:<base64 without padding>}) of a public key blob. */
    public static String fingerprint(byte[] publicKeyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKeyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fingerprint of an OpenSSH public key line ({@code <type> <base64> [comment]}, as in {@code authorized_keys}
     * or {@code /etc/ssh/ssh_host_*_key.pub}).
     */
    public static String fingerprintOfLine(String publicKeyLine) {
        String[] parts = publicKeyLine.trim().split("\\s+");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not an OpenSSH public key line: " + publicKeyLine);
        }
        return fingerprint(Base64.getDecoder().decode(parts[1]));
    }

    /** Minimal SSH wire-format writer (RFC 4251 uint32 / string). */
    private static final class SshBuffer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        SshBuffer putInt(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        SshBuffer putByte(int v) {
            out.write(v);
            return this;
        }

        SshBuffer putRaw(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        SshBuffer putBytes(byte[] b) {
            return putInt(b.length).putRaw(b);
        }

        SshBuffer putString(String s) {
            return putBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        int size() {
            return out.size();
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
