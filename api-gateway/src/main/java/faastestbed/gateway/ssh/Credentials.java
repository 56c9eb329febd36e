package faastestbed.gateway.ssh;

import faastestbed.gateway.domain.TestbedException;

import java.util.Objects;

/** How the gateway logs in to a node. Never printed: toString hides the secret. */
public sealed interface Credentials {

    /** "key" or "password": safe to show. */
    String kind();

    record Password(String password) implements Credentials {
        public Password {
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String kind() {
            return "password";
        }

        @Override
        public String toString() {
            return "Password[***]";
        }
    }

    /**
     * A private key in OpenSSH or PEM format; a password, if also given, is tried when the key is refused. The key is
     * read when the credentials are made, so a key that cannot be used is refused before anything connects.
     *
     * @throws TestbedException BAD_INPUT when the key cannot be read (unknown format, corrupted, encrypted)
     */
    record PrivateKey(String pem, String fallbackPassword) implements Credentials {
        public PrivateKey {
            Objects.requireNonNull(pem, "pem");
            String problem = KeyCheck.problem(pem);
            if (problem != null) {
                throw TestbedException.badInput("privateKey is not a PEM/OpenSSH private key the gateway can use: "
                        + problem);
            }
        }

        @Override
        public String kind() {
            return "key";
        }

        @Override
        public String toString() {
            return "PrivateKey[***]";
        }
    }
}
