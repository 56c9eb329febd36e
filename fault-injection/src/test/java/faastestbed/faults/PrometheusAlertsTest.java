package faastestbed.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import faastestbed.node.testkit.NodeHandle;
import faastestbed.node.testkit.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster's Prometheus (the project's image, its own alert rules) scraping a real gateway process with real
 * nodes: the target is up, the rules are loaded, the invocations' series arrive, and a node taken away fires
 * NodeDown on Prometheus' alerts, then clears it when the node is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusAlertsTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final DockerClient docker = DockerClientFactory.instance().client();
    private TestCluster cluster;
    private GatewayProcess gateway;
    private GenericContainer<?> prometheus;
    private String prom;

    @BeforeAll
    void start() throws Exception {
        cluster = TestCluster.builder().nodes(1).functions("echo").start();
        Path work = Files.createTempDirectory("prometheus-alerts");
        gateway = GatewayProcess.start(work, new HashMap<>(Map.of(
                "testbed.metrics.file", work.resolve("results/metrics.csv").toString(),
                "testbed.sampling.interval", "300ms",
                "testbed.ssh.connect-timeout", "4s",
                "testbed.shutdown.deadline", "2s",
                "testbed.state.dir", work.resolve("state").toString())));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // The compose file's scrape target is the service name; here the gateway is a process on this host.
        String config = Files.readString(Path.of("..", "prometheus", "prometheus.yml"))
                .replace("gateway:8000", gateway.baseUrl().replace("http://", ""));
        String image = System.getProperty(TestCluster.IMAGE_PREFIX_PROPERTY, TestCluster.DEFAULT_IMAGE_PREFIX) + "/prometheus:latest";
        prometheus = new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("host")
                .withCopyToContainer(Transferable.of(config), "/etc/prometheus/prometheus.yml")
                .withCreateContainerCmdModifier(c -> c.withEntrypoint("/usr/bin/prometheus",
                        "--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/var/lib/prometheus",
                        "--web.listen-address=127.0.0.1:" + port));
        prometheus.start();
        prom = "http://127.0.0.1:" + port;
    }

    @AfterAll
    void stop() {
        if (prometheus != null) {
            prometheus.stop();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void prometheusScrapesTheGatewayAndANodeTakenAwayFiresNodeDown() throws Exception {
        Api api = new Api(gateway.baseUrl());
        for (NodeHandle n : cluster.nodes()) {
            assertEquals(201, api.post("/nodes/register", Map.of("name", n.name(), "host", n.sshHost(), "port", n.sshPort(),
                    "username", n.username(), "privateKey", n.privateKeyPem())).status());
        }
        assertEquals(201, api.post("/functions/register", Map.of("name", "echo", "image", cluster.registryImage("echo"),
                "command", "python3 /app/handler.py")).status());
        for (int i = 0; i < 3; i++) {
            assertEquals(200, api.invoke("echo").status());
        }

        JsonNode targets = await("/api/v1/targets", t -> t.path("data").path("activeTargets").path(0).path("health")
                .asText().equals("up"), Duration.ofSeconds(60));
        assertEquals("/q/metrics", URI.create(targets.path("data").path("activeTargets").path(0).path("scrapeUrl")
                .asText()).getPath());
        String rules = get("/api/v1/rules").toString();
        for (String alert : List.of("NodeDown", "NodeQueueNearlyFull", "AsyncQueueNearlyFull", "WarmP99LatencyHigh")) {
            assertTrue(rules.contains("\"" + alert + "\""), alert + " in " + rules);
        }
        await("/api/v1/query?query=sum(testbed_invocations_total%7Bfunction%3D%22echo%22%7D)",
                q -> q.path("data").path("result").path(0).path("value").path(1).asDouble() >= 3, Duration.ofSeconds(30));

        NodeHandle away = cluster.nodes().get(0);
        docker.pauseContainerCmd(away.containerId()).exec();
        try {
            JsonNode alerts = await("/api/v1/alerts", a -> firing(a, away.name()), Duration.ofSeconds(60));
            assertTrue(firing(alerts, away.name()), alerts.toString());
        } finally {
            docker.unpauseContainerCmd(away.containerId()).exec();
        }
        await("/api/v1/alerts", a -> !firing(a, away.name()), Duration.ofSeconds(60));
    }

    private static boolean firing(JsonNode alerts, String node) {
        for (JsonNode a : alerts.path("data").path("alerts")) {
            if (a.path("labels").path("alertname").asText().equals("NodeDown")
                    && a.path("labels").path("node").asText().equals(node) && a.path("state").asText().equals("firing")) {
                return true;
            }
        }
        return false;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(prom + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        return Api.JSON.readTree(r.body());
    }

    private JsonNode await(String path, Predicate<JsonNode> ok, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(path);
                if (ok.test(last)) {
                    return last;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(path + " never satisfied within " + timeout + ": " + last);
    }
}
