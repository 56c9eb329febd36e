package faastestbed.client.config;

/**
 * Bad input from the person running the client: a flag, a configuration value, a trace or payload file.
 * Reported as one {@code error: ...} line plus a usage hint, exit code 2, before anything is sent to the gateway.
 */
public class BadInputException extends Exception {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
