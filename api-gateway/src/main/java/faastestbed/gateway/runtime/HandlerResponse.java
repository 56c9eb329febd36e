package faastestbed.gateway.runtime;

/**
 * One answer of a resident handler (see functions/runtime/README.md).
 *
 * @param status     HTTP status: 200 the function succeeded, 500 it failed
 * @param body       its output (200) or error text (500), byte for byte
 * @param functionMs the function's own time as the runtime measured it; NaN when the runtime did not say
 * @param exitCode   what the runtime reports as the function's exit code (0 on success)
 * @param keepAlive  whether the connection may carry another request
 */
public record HandlerResponse(int status, byte[] body, double functionMs, int exitCode, boolean keepAlive) {
    public boolean ok() {
        return status == 200;
    }
}
