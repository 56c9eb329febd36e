package faastestbed.gateway.function;

import java.time.Instant;
import java.util.List;

/**
 * A registered function: an image and the argv to run in it. The argv is the whole command (images have no
 * ENTRYPOINT we rely on) so that {@code docker run} and {@code docker exec} run exactly the same thing.
 *
 * @param keepAliveCommand argv that keeps a warm container alive for {@code docker exec}; {@code sleep infinity}
 *                         by default, which needs a shell-less image to bring its own (fib-native: {@code /fib --idle})
 */
public record FunctionSpec(String name, String image, List<String> command, List<String> keepAliveCommand,
                           Instant registeredAt) {
    public static final List<String> DEFAULT_KEEP_ALIVE = List.of("sleep", "infinity");

    public FunctionSpec {
        command = List.copyOf(command);
        keepAliveCommand = List.copyOf(keepAliveCommand);
    }

    /** Name of the long-lived container of this function on a node in warmed mode. */
    public String warmContainerName() {
        return "faas-warm-" + name;
    }
}
