package faastestbed.gateway.pool;

/** A call could not get a container of the pool. */
public final class PoolException extends RuntimeException {
    public enum Kind {
        /** The function's containers need more memory than the node offers at all. */
        TOO_BIG,
        /** No container came free (and no memory for a new one) within the call's timeout. */
        WAIT_TIMED_OUT,
        /** The function's namespace is at its memory limit, with no idle container of its own to give up here. */
        NAMESPACE_FULL,
        /** Starting a container for the call failed on the node. */
        START_FAILED
    }

    private final Kind kind;

    public PoolException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
