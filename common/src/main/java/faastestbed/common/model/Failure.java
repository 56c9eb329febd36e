package faastestbed.common.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Whose failure a failed invocation was. A researcher comparing policies counts the function's own failures apart
 * from the platform's: a policy that sends calls to a node whose engine is down is worse, a function that exits 1
 * is not the policy's doing.
 */
public enum Failure {
    /** Not a failure, or not known (rows written before the column existed). */
    NONE,
    /** The function ran and failed: non-zero exit, or its handler answered an error. */
    FUNCTION,
    /** The platform failed it: SSH, the node's Docker engine, a container that would not start, a timeout. */
    PLATFORM;

    /** The cell in metrics.csv: empty for {@link #NONE}. */
    public String id() {
        return this == NONE ? "" : name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Failure> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(NONE);
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
