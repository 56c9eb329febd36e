package faastestbed.common.model;

import java.util.Locale;
import java.util.Optional;

/** Where a row of metrics.csv comes from: an invocation on real nodes, or the discrete-event simulator. */
public enum Source {
    REAL,
    SIMULATED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Source> parse(String text) {
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
