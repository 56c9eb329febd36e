package faastestbed.common.model;

import java.util.Locale;
import java.util.Optional;

/** Outcome of one invocation; every outcome is recorded, none is dropped. */
public enum InvocationStatus {
    /** The function ran and exited 0. */
    OK,
    /** The function ran (or was attempted on a node) and failed: non-zero exit, SSH or Docker error, timeout. */
    FAILED,
    /** No node could take the invocation (none registered, none healthy, policy found none). */
    REJECTED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<InvocationStatus> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
