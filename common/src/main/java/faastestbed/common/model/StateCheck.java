package faastestbed.common.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether the invocation really found the node in the state its mode promised
 * (a "warmed" run that found no container, or a "cold" one whose image was present, is a MISMATCH).
 * Such rows are kept but flagged, so analyses can discard them the way SeBS discards runs in the wrong state.
 */
public enum StateCheck {
    VERIFIED,
    MISMATCH,
    /** Not checked: e.g. rejected before reaching a node, or a CSV written before this column existed. */
    UNKNOWN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StateCheck> parse(String text) {
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
