package faastestbed.gateway.it;

import faastestbed.node.testkit.TestCluster;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starts a registry and two real ssh-nodes for the gateway under test, and points metrics.csv at a temp dir. */
public class ClusterResource implements QuarkusTestResourceLifecycleManager {
    public static volatile TestCluster cluster;
    public static volatile Path results;
    private String sampling = "300ms";

    /** init arg "sampling": the gateway's node sampling interval (fast in tests, as in production for benchmarks). */
    @Override
    public void init(Map<String, String> initArgs) {
        sampling = initArgs.getOrDefault("sampling", sampling);
    }

    @Override
    public Map<String, String> start() {
        cluster = TestCluster.start(2);
        try {
            results = Files.createTempDirectory("gateway-it-results");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.ofEntries(
                Map.entry("testbed.metrics.file", results.resolve("metrics.csv").toString()),
                Map.entry("testbed.sampling.interval", sampling),
                Map.entry("testbed.sampling.window", "0.2"),
                Map.entry("testbed.mode", "cold"),
                Map.entry("testbed.policy", "round-robin"),
                Map.entry("testbed.ssh.connect-timeout", "5s"),
                Map.entry("quarkus.http.test-timeout", "600s"));
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
