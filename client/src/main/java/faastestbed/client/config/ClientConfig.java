package faastestbed.client.config;

import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything one client command needs, validated.
 *
 * @param sshKey        resolved key file; null when it does not exist (the password is sent instead)
 * @param functionSpecs definitions of the listed functions; empty when nothing is registered
 * @param keepAlives    keep-alive policies, one cell each of the dynamic mode only; empty: the gateway's
 * @param paths         invocation paths (handler, exec), one cell each
 * @param preparedNodes null: leave it to the gateway
 * @param payload       the body of every invocation: a file, a size sweep (one cell per size), or nothing
 * @param register      register nodes and functions before the run
 * @param progress      show the progress bar
 * @param async         submit each invocation asynchronously and collect its result ({@code --async})
 */
public record ClientConfig(
        URI gateway,
        Duration requestTimeout,
        List<NodeSpec> nodes,
        String sshUser,
        String sshPassword,
        Path sshKey,
        List<String> functions,
        Map<String, FunctionSpec> functionSpecs,
        List<String> policies,
        List<ExecutionMode> modes,
        List<String> keepAlives,
        List<InvocationPath> paths,
        Integer preparedNodes,
        WorkloadOptions workload,
        PayloadOptions payload,
        String runId,
        boolean register,
        boolean progress,
        boolean async) {

    /** The same run, its invocations submitted asynchronously (or not). */
    public ClientConfig withAsync(boolean on) {
        return new ClientConfig(gateway, requestTimeout, nodes, sshUser, sshPassword, sshKey, functions, functionSpecs,
                policies, modes, keepAlives, paths, preparedNodes, workload, payload, runId, register, progress, on);
    }

    public ClientConfig {
        nodes = List.copyOf(nodes);
        functions = List.copyOf(functions);
        functionSpecs = Map.copyOf(functionSpecs);
        policies = List.copyOf(policies);
        modes = List.copyOf(modes);
        keepAlives = List.copyOf(keepAlives);
        paths = List.copyOf(paths);
    }
}
