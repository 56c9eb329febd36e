package faastestbed.gateway.it;

import faastestbed.node.testkit.TestCluster;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a registry and two real ssh-nodes for the gateway under test, and points metrics.csv at a temp dir.
 * Init args: "sampling" (the node sampling interval), "nodes" (default 2), "functions" (images to push, comma-separated),
 * "password" (sshuser's password on the nodes; default none: key login only), "adminToken" (turns tokens on).
 */
public class ClusterResource implements QuarkusTestResourceLifecycleManager {
    public static volatile TestCluster cluster;
    public static volatile Path results;
    private String sampling = "300ms";
    private int nodes = 2;
    private String[] functions = TestCluster.DEFAULT_FUNCTIONS.toArray(String[]::new);
    private String password;
    private String adminToken;

    /** init arg "sampling": the gateway's node sampling interval (fast in tests, as in production for benchmarks). */
    @Override
    public void init(Map<String, String> initArgs) {
        sampling = initArgs.getOrDefault("sampling", sampling);
        nodes = Integer.parseInt(initArgs.getOrDefault("nodes", "2"));
        if (initArgs.containsKey("functions")) {
            functions = initArgs.get("functions").split(",");
        }
        password = initArgs.get("password");
        adminToken = initArgs.get("adminToken");
    }

    @Override
    public Map<String, String> start() {
        cluster = TestCluster.builder().nodes(nodes).functions(functions).password(password).start();
        try {
            results = Files.createTempDirectory("gateway-it-results");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new java.util.HashMap<>(Map.ofEntries(
                Map.entry("testbed.metrics.file", results.resolve("metrics.csv").toString()),
                Map.entry("testbed.sampling.interval", sampling),
                Map.entry("testbed.sampling.window", "0.2"),
                Map.entry("testbed.mode", "cold"),
                Map.entry("testbed.policy", "round-robin"),
                Map.entry("testbed.ssh.connect-timeout", "5s"),
                // What a deploy from source pushes with (the cluster's own password, random per cluster)
                Map.entry("testbed.registry.push-password", cluster.registryPushPassword()),
                Map.entry("quarkus.http.test-timeout", "600s")));
        if (adminToken != null) {
            config.put("testbed.auth.admin-token", adminToken);
        }
        return config;
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
