package faastestbed.client.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/** Nothing answers at the gateway's address: it is not running, or the URL is wrong. Exit code 3. */
public class GatewayUnreachableException extends IOException {
    public GatewayUnreachableException(String url, Throwable cause) {
        super("cannot reach the gateway at " + url + ": " + describe(url, cause) + " — is it running? ./start.sh starts it", cause);
    }

    /** HttpClient's connect failures mostly carry no message; name the usual causes instead. */
    private static String describe(String url, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "unknown host " + URI.create(url).getHost();
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "connection timed out";
            }
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return "connection refused";
    }
}
