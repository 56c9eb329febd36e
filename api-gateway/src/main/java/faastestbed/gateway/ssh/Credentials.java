package faastestbed.gateway.ssh;

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

    /** A private key in OpenSSH or PEM format; a password, if also given, is tried when the key is refused. */
    record PrivateKey(String pem, String fallbackPassword) implements Credentials {
        public PrivateKey {
            Objects.requireNonNull(pem, "pem");
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
