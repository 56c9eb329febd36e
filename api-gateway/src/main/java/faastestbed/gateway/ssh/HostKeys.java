package faastestbed.gateway.ssh;

import net.schmizz.sshj.common.Buffer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;

/** Host key fingerprints in OpenSSH's own notation ("SHA256:" + unpadded base64), as `ssh-keygen -lf` prints. */
public final class HostKeys {
    private HostKeys() {
    }

    public static String fingerprint(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Normalises user input: accepts with or without the "SHA256:" prefix and with trailing '=' padding. */
    public static String normalise(String fingerprint) {
        String f = fingerprint.trim();
        if (f.regionMatches(true, 0, "SHA256:", 0, 7)) {
            f = f.substring(7);
        }
        while (f.endsWith("=")) {
            f = f.substring(0, f.length() - 1);
        }
        return "SHA256:" + new String(f.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
    }
}
