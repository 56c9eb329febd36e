package faastestbed.client.config;

import java.util.List;

/**
 * A function as registered with the gateway.
 *
 * @param keepAlive      what a warmed container runs to stay up for {@code docker exec}; empty: the gateway's default
 * @param handler        argv of the resident HTTP process the gateway invokes through; empty: none (exec only)
 * @param timeoutSeconds the function's timeout; null: the gateway's default
 */
public record FunctionSpec(String name, String image, List<String> command, List<String> keepAlive,
                           List<String> handler, Integer timeoutSeconds) {
    public FunctionSpec {
        command = List.copyOf(command);
        keepAlive = List.copyOf(keepAlive);
        handler = List.copyOf(handler);
    }
}
