package faastestbed.gateway.domain;

import java.util.Map;

/**
 * A use case that could not be carried out, with what kind of failure it was. The domain says what went wrong;
 * how a kind reaches a client (an HTTP status, say) is for the layer that talks to the client to decide.
 */
public class TestbedException extends RuntimeException {
    public enum Kind {
        /** The caller's input breaks a rule. */
        BAD_INPUT,
        NOT_FOUND,
        /** Clashes with what is already there, e.g. a name in use. */
        CONFLICT,
        /** The input is over a configured size limit. */
        TOO_LARGE,
        /** A node's queue is full: the caller should slow down. */
        OVERLOADED,
        /** No node or container could take the work now. */
        UNAVAILABLE,
        /** A node, its docker or a handler on it failed (not the function). */
        NODE_FAILED,
        /** A node or a handler did not answer in time. */
        TIMED_OUT,
        /**
         * The caller's input is well-formed, but the node it names turned it down: it refused the login with the
         * given password or key. The caller's mistake, unlike {@link #NODE_FAILED}.
         */
        CREDENTIALS_REFUSED
    }

    private final Kind kind;
    private final Map<String, Object> details;

    /** @param details extra fields for the caller, e.g. the invocation id; may be null */
    public TestbedException(Kind kind, String message, Map<String, Object> details, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    public Kind kind() {
        return kind;
    }

    public Map<String, Object> details() {
        return details;
    }

    public static TestbedException badInput(String message) {
        return new TestbedException(Kind.BAD_INPUT, message, null, null);
    }

    public static TestbedException notFound(String message) {
        return new TestbedException(Kind.NOT_FOUND, message, null, null);
    }

    public static TestbedException conflict(String message) {
        return new TestbedException(Kind.CONFLICT, message, null, null);
    }

    public static TestbedException nodeFailed(String message, Throwable cause) {
        return new TestbedException(Kind.NODE_FAILED, message, null, cause);
    }
}
