package faastestbed.gateway.ssh;

/** A node could not be reached or used over SSH. The message is meant for API clients and never holds secrets. */
public class SshFailure extends RuntimeException {
    public enum Kind {
        UNREACHABLE, AUTH_FAILED, HOST_KEY_CHANGED, TIMEOUT, CHANNEL,
        /** The node is fine, but its sshd could not connect to the target of a tunnel (nothing listens there). */
        TARGET_REFUSED
    }

    private final Kind kind;

    public SshFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public SshFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
