package faastestbed.gateway.ssh;

import com.hierynomus.sshj.common.KeyDecryptionFailedException;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;

import java.io.IOException;

/**
 * Reads a private key the way a login will, without connecting anywhere. The reasons it gives never quote the key:
 * parser messages may hold pieces of it.
 */
final class KeyCheck {
    private static final DefaultConfig CONFIG = new DefaultConfig();

    private KeyCheck() {
    }

    /** Null if sshj can read the key (and its public half) without a passphrase; else what is wrong, for the caller. */
    static String problem(String pem) {
        if (pem.isBlank()) {
            return "it is empty";
        }
        KeyFormat format;
        try {
            format = KeyProviderUtil.detectKeyFileFormat(pem, false);
        } catch (IOException | RuntimeException e) {
            format = KeyFormat.Unknown;
        }
        FileKeyProvider keys = format == KeyFormat.Unknown ? null
                : Factory.Named.Util.create(CONFIG.getFileKeyProviderFactories(), format.toString());
        if (keys == null) {
            return "its format is not recognised (give the whole text of the key file, from -----BEGIN to -----END)";
        }
        try {
            keys.init(pem, null, null);
            if (keys.getPrivate() == null || keys.getPublic() == null) {
                return "it holds no key";
            }
            return null;
        } catch (KeyDecryptionFailedException e) {
            return encrypted();
        } catch (IOException | RuntimeException e) {
            if (pem.contains("ENCRYPTED")) {
                return encrypted();
            }
            return "it does not parse as a key in " + format + " format (is it truncated or corrupted?)";
        }
    }

    private static String encrypted() {
        return "it is encrypted with a passphrase; give an unencrypted key (ssh-keygen -p -N '' -f <key file>)";
    }
}
