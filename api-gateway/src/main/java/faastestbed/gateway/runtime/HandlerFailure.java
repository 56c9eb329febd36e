package faastestbed.gateway.runtime;

/** A call to a resident handler that produced no answer. */
public class HandlerFailure extends RuntimeException {
    public enum Kind {
        /** Nothing accepts connections at the endpoint: the container is gone or its handler is not (yet) listening. */
        REFUSED,
        /** The connection broke before a whole answer arrived: the handler process died mid-request. */
        BROKEN,
        /** No answer within the function's timeout. */
        TIMEOUT,
        /** An answer that is not the runtime contract's, or over the size limit. */
        PROTOCOL,
        /** The node itself could not be reached over SSH. */
        NODE
    }

    private final Kind kind;

    public HandlerFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
