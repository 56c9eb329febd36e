package faastestbed.gateway.api;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import faastestbed.gateway.invocation.NodePreparer;
import faastestbed.policy.scheduling.FunctionState;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Request and response bodies. Aliases accept the field names of seed 003's and other common clients. */
public final class Dtos {
    private Dtos() {
    }

    public record RegisterNode(
            String name,
            @JsonAlias({"ip", "hostname", "address"}) String host,
            Integer port,
            @JsonAlias({"user"}) String username,
            String password,
            @JsonAlias({"private_key", "key"}) String privateKey,
            @JsonAlias({"host_key_fingerprint"}) String hostKeyFingerprint,
            @JsonAlias({"memory_mb", "memory"}) Integer memoryMb) {
        @Override
        public String toString() {
            return "RegisterNode[name=" + name + ", host=" + host + ", port=" + port + ", username=" + username
                    + ", password=" + (password == null ? "none" : "***") + ", privateKey=" + (privateKey == null ? "none" : "***") + "]";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NodeInfo(String name, String host, int port, String username, String auth, String hostKeyFingerprint,
                           boolean healthy, String engine, long engineRecoveries, Double cpuPercent, Double ramPercent, Double cpuLimitCores,
                           Long memLimitBytes, Long memoryCapacityMb, int inFlight, int running, int queued,
                           Map<String, FunctionState> functions, String lastError,
                           Instant registeredAt) {
    }

    /** command and keepAliveCommand may be a JSON array of arguments or one string split on whitespace. */
    public record RegisterFunction(
            String name,
            String image,
            JsonNode command,
            @JsonAlias({"keep_alive_command"}) JsonNode keepAliveCommand,
            JsonNode handler,
            @JsonAlias({"timeout_seconds", "timeout"}) Integer timeoutSeconds,
            @JsonAlias({"memory_mb", "memory"}) Integer memoryMb,
            @JsonAlias({"containerConcurrency", "container_concurrency"}) Integer concurrency,
            @JsonAlias({"min_idle", "minScale"}) Integer minIdle,
            @JsonAlias({"max_containers", "maxScale"}) Integer maxContainers,
            String namespace) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /**
     * @param name      the function's name in its namespace
     * @param id        what invocation results and CSV rows call it: the name in {@code default}, else
     *                  {@code namespace/name}
     */
    public record FunctionInfo(String name, String namespace, String id, String image, List<String> command,
                               List<String> keepAliveCommand, List<String> handler, Long timeoutSeconds, int memoryMb,
                               int concurrency, int minIdle, int maxContainers, Instant registeredAt,
                               List<NodePreparer.Step> preparation) {
    }

    public record Config(String policy, String mode, Integer preparedNodes, String runId, String cell, String path,
                         Integer maxConcurrentPerNode, Integer queuePerNode,
                         @JsonAlias({"keep_alive"}) String keepAlive) {
    }

    public record ConfigInfo(String policy, String mode, int preparedNodes, String runId, String cell, String path,
                             int maxConcurrentPerNode, int queuePerNode, String keepAlive,
                             List<String> policies, List<String> modes, List<String> paths, List<String> keepAlives,
                             List<NodePreparer.Step> preparation) {
    }

    public record ResetReport(String mode, int preparedNodes, long durationMs, boolean ok, List<NodePreparer.Step> steps) {
    }
}
