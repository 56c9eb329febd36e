package faastestbed.gateway.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Where the credentials key comes from: a key given in the environment, else the key file, created on the first start
 * (readable by its owner only). A database that already holds sealed values never gets a new key silently: that
 * would lose every stored credential.
 */
public final class StateKey {
    private StateKey() {
    }

    /**
     * @param given      base64 of {@link SecretBox#KEY_BYTES} bytes, or empty
     * @param keyFile    used, or created, when no key is given
     * @param stateHasKey whether the database already holds values sealed with some key
     * @throws StateUnusable with what to do, when the key is malformed, or missing while the state needs it
     */
    public static byte[] load(Optional<String> given, Path keyFile, boolean stateHasKey) {
        if (given.isPresent() && !given.get().isBlank()) {
            return decode(given.get(), "TESTBED_STATE_KEY (testbed.state.key)");
        }
        if (Files.exists(keyFile)) {
            try {
                return decode(Files.readString(keyFile, StandardCharsets.US_ASCII), "the key file " + keyFile);
            } catch (IOException e) {
                throw new StateUnusable("the state key file " + keyFile + " cannot be read: " + e.getMessage()
                        + "; make it readable by the gateway's user");
            }
        }
        if (stateHasKey) {
            throw new StateUnusable("the stored state holds node credentials sealed with a key, but the key file " + keyFile
                    + " is missing and TESTBED_STATE_KEY is not set: put the key back (or set TESTBED_STATE_KEY), or start"
                    + " fresh by removing the state directory (testbed.state.dir; ./start.sh does so unless --keep-state)");
        }
        byte[] key = SecretBox.newKey();
        write(keyFile, Base64.getEncoder().encodeToString(key) + "\n");
        return key;
    }

    private static byte[] decode(String text, String what) {
        byte[] k;
        try {
            k = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new StateUnusable(what + " is not base64: give " + SecretBox.KEY_BYTES
                    + " random bytes in base64 (head -c 32 /dev/urandom | base64)");
        }
        if (k.length != SecretBox.KEY_BYTES) {
            throw new StateUnusable(what + " holds " + k.length + " bytes, not " + SecretBox.KEY_BYTES
                    + " (head -c 32 /dev/urandom | base64)");
        }
        return k;
    }

    private static void write(Path keyFile, String content) {
        try {
            Path dir = keyFile.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            try {
                Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(ownerOnly));
            } catch (UnsupportedOperationException e) {
                Files.createFile(keyFile);  // not a POSIX file system: its own permissions apply
            }
            Files.writeString(keyFile, content, StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new StateUnusable("the state key file " + keyFile + " appeared while it was being created; start again");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state key file " + keyFile, e);
        }
    }
}
