package faastestbed.gateway.namespace;

import java.time.Instant;

/**
 * A namespace token as kept: its public id (to list and revoke it) and the hash of its text, never the text.
 */
public record TokenRecord(String id, String namespace, String hash, Instant createdAt) {
    @Override
    public String toString() {
        return "TokenRecord[id=" + id + ", namespace=" + namespace + "]";
    }
}
