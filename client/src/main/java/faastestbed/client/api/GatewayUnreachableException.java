package faastestbed.client.api;

import java.io.IOException;

/** Nothing answers at the gateway's address: it is not running, or the URL is wrong. Exit code 3. */
public class GatewayUnreachableException extends IOException {
    public GatewayUnreachableException(String url, Throwable cause) {
        super("cannot reach the gateway at " + url + ": " + describe(cause) + " — is it running? ./start.sh starts it", cause);
    }

    private static String describe(Throwable cause) {
        String m = cause.getMessage();
        return m == null || m.isBlank() ? cause.getClass().getSimpleName() : m;
    }
}
