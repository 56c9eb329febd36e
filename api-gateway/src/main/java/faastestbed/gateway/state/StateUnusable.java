package faastestbed.gateway.state;

/** The stored state cannot be used as it is (its key is missing or wrong); the message says what to do. */
public final class StateUnusable extends RuntimeException {
    public StateUnusable(String message) {
        super(message);
    }
}
