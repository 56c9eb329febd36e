package faastestbed.gateway.node;

import java.util.Locale;

/**
 * The node's container engine as its metrics stream reports it. A node whose SSH answers but whose engine is down
 * can run nothing: it leaves scheduling until the engine answers again.
 */
public enum EngineState {
    UP,
    DOWN,
    /** The node does not say (a host without the testbed's supervisor and no pid file to go by). */
    UNKNOWN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static EngineState parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "up" -> UP;
            case "down" -> DOWN;
            default -> UNKNOWN;
        };
    }
}
