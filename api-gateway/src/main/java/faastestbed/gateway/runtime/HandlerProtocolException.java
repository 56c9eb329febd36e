package faastestbed.gateway.runtime;

import java.io.IOException;

/** The handler answered something that is not the runtime contract's HTTP (or more than the gateway accepts). */
public class HandlerProtocolException extends IOException {
    public HandlerProtocolException(String message) {
        super(message);
    }
}
