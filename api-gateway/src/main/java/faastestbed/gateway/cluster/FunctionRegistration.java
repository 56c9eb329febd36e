package faastestbed.gateway.cluster;

/**
 * A function to register, as given: {@link ClusterService} checks every field.
 *
 * @param keepAliveCommand null: {@link faastestbed.gateway.function.FunctionSpec#DEFAULT_KEEP_ALIVE}
 * @param handler          null: none
 * @param timeoutSeconds   null: the testbed's invocation timeout
 * @param memoryMb         null (as for concurrency, minIdle and maxContainers): the default of
 *                         {@link faastestbed.policy.keepalive.Demand}
 * @param namespace        null: {@code default}
 */
public record FunctionRegistration(String name, String image, CommandInput command, CommandInput keepAliveCommand,
                                   CommandInput handler, Integer timeoutSeconds, Integer memoryMb,
                                   Integer concurrency, Integer minIdle, Integer maxContainers, String namespace) {
    /** In the default namespace. */
    public FunctionRegistration(String name, String image, CommandInput command, CommandInput keepAliveCommand,
                                CommandInput handler, Integer timeoutSeconds, Integer memoryMb,
                                Integer concurrency, Integer minIdle, Integer maxContainers) {
        this(name, image, command, keepAliveCommand, handler, timeoutSeconds, memoryMb, concurrency, minIdle,
                maxContainers, null);
    }

    public FunctionRegistration inNamespace(String ns) {
        return new FunctionRegistration(name, image, command, keepAliveCommand, handler, timeoutSeconds, memoryMb,
                concurrency, minIdle, maxContainers, ns);
    }
}
