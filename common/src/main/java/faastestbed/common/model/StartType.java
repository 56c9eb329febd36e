package faastestbed.common.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How the container that served an invocation came to exist, as the dynamic pool saw it. The static modes map onto
 * it too (cold → cold, pre-warmed → image-cached, warmed → warm), so every row can say how it started.
 */
public enum StartType {
    /** No container and no image: pull, start, wait for ready. */
    COLD("cold"),
    /** No container, image cached on the node: start, wait for ready. */
    IMAGE_CACHED("image-cached"),
    /** An idle container of the function (or one with a free concurrency slot) took the call. */
    WARM("warm"),
    /** A container started ahead of the call by the keep-alive policy or a minimum of idle containers, first use. */
    PREWARMED("prewarmed");

    private final String id;

    StartType(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Whether the call had to wait for a container start (cold or image-cached). */
    public boolean started() {
        return this == COLD || this == IMAGE_CACHED;
    }

    public static Optional<StartType> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String key = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(t -> t.id.equals(key)).findFirst();
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(StartType::id).toList());
    }

    /** The start type a static mode implies, for rows of cold / pre-warmed / warmed cells. */
    public static StartType of(ExecutionMode mode) {
        return switch (mode) {
            case COLD -> COLD;
            case PRE_WARMED -> IMAGE_CACHED;
            case WARMED -> WARM;
            case DYNAMIC -> throw new IllegalArgumentException("the dynamic mode has no fixed start type");
        };
    }
}
