package faastestbed.gateway.function;

import faastestbed.policy.keepalive.Demand;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A registered function: an image and the argv to run in it. The argv is the whole command (images have no
 * ENTRYPOINT we rely on) so that {@code docker run} and {@code docker exec} run exactly the same thing.
 *
 * @param keepAliveCommand argv that keeps a warm container alive for {@code docker exec} when the function has no
 *                         handler; {@code sleep infinity} by default, which needs a shell-less image to bring its own
 *                         (fib-native: {@code /fib --idle})
 * @param handler          argv of the resident process that serves invocations over HTTP inside the container
 *                         (functions/runtime/README.md); empty when the function has none and runs by exec only. A
 *                         handler function's containers always run it, so its warm container serves both paths.
 * @param timeout          the function's own timeout; null: the gateway's default
 * @param demand           what its containers need in the dynamic mode: memory, concurrency, minimum idle, maximum
 */
public record FunctionSpec(String name, String image, List<String> command, List<String> keepAliveCommand,
                           List<String> handler, Duration timeout, Instant registeredAt, Demand demand) {
    public static final List<String> DEFAULT_KEEP_ALIVE = List.of("sleep", "infinity");

    public FunctionSpec {
        command = List.copyOf(command);
        keepAliveCommand = List.copyOf(keepAliveCommand);
        handler = List.copyOf(handler);
        demand = demand == null ? Demand.defaults(name) : demand;
        if (!demand.function().equals(name)) {
            throw new IllegalArgumentException("the demand of " + name + " names " + demand.function());
        }
    }

    public FunctionSpec(String name, String image, List<String> command, List<String> keepAliveCommand,
                        List<String> handler, Duration timeout, Instant registeredAt) {
        this(name, image, command, keepAliveCommand, handler, timeout, registeredAt, null);
    }

    public FunctionSpec(String name, String image, List<String> command, List<String> keepAliveCommand,
                        Instant registeredAt) {
        this(name, image, command, keepAliveCommand, List.of(), null, registeredAt);
    }

    public boolean hasHandler() {
        return !handler.isEmpty();
    }

    /** What a long-lived container of the function runs: its handler if it has one, else the keep-alive command. */
    public List<String> residentCommand() {
        return hasHandler() ? handler : keepAliveCommand;
    }

    public Duration timeoutOr(Duration fallback) {
        return Optional.ofNullable(timeout).orElse(fallback);
    }

    /** Its namespace and its name there ({@link #name()} is the qualified form). */
    public FunctionId id() {
        return FunctionId.parse(name);
    }

    public String namespace() {
        return id().namespace();
    }

    /** Name of the long-lived container of this function on a node in warmed mode. */
    public String warmContainerName() {
        return "faas-warm-" + id().containerKey();
    }
}
