package faastestbed.gateway.bench;

import faastestbed.gateway.api.ServerTiming;
import faastestbed.gateway.it.ClusterResource;
import faastestbed.gateway.ssh.CommandResult;
import faastestbed.gateway.ssh.Credentials;
import faastestbed.gateway.ssh.NodeAddress;
import faastestbed.gateway.ssh.SshConnection;
import faastestbed.node.testkit.NodeHandle;
import faastestbed.node.testkit.TestCluster;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * Per mode: N invocations through the gateway, and the same docker command sent directly to the node over one kept
 * SSH connection (TCP_NODELAY, a new session per command, as the gateway does). Prints p50/p95 of both and of the
 * gateway's own overhead (HTTP round trip minus the time the docker command took on the node).
 * "gateway overhead" = HTTP round trip minus the docker command's time on the node; "of it not SSH session" also
 * leaves out opening the SSH session (sshd forking a session on the CPU-capped node), i.e. what the gateway itself
 * adds: HTTP, scheduling, CSV row (the node-side phases are whole milliseconds, rounded, so this line is good to
 * ~1 ms). "of it outside invoke()" is the HTTP round trip minus the gateway's own execution time (nanosecond clock):
 * request parsing, JSON, CSV row and loopback, without scheduling. Target: overhead p50 <= 2 ms in warmed mode.
 * "in the REST layer" is the gateway's Server-Timing minus its execution time (routing, worker hand-over, CSV row);
 * "JSON, network, client" is the round trip minus Server-Timing. The invoke path is warmed up first (bench.warmup
 * warmed invocations, default 50), and timed with the JDK's own
 * HTTP client on one kept connection (a test DSL adds ~15 ms a request). Prints numbers; asserts none.
 * Cold mode runs N/3 times (each pulls). Run: scripts/benchmark.sh.
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true,
        initArgs = @io.quarkus.test.common.ResourceArg(name = "sampling", value = "1s"))
@Tag("benchmark")
class GatewayOverheadBenchmark {
    static final int N = Integer.getInteger("bench.n", 30);
    static final String FN = "fib-native";
    static final int WARM_UP = Integer.getInteger("bench.warmup", 50);
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/functions/invoke/" + FN)
    URL invokeUrl;

    @Test
    void gatewayVersusDirectSsh() throws Exception {
        TestCluster cluster = ClusterResource.cluster;
        NodeHandle node = cluster.node("node1");
        given().contentType(ContentType.JSON).body(Map.of("name", "node1", "host", node.sshHost(), "port", node.sshPort(),
                "username", node.username(), "privateKey", node.privateKeyPem())).post("/nodes/register").then().statusCode(201);
        String image = cluster.registryImage(FN);
        List<String> command = List.of("/fib", "20");
        given().contentType(ContentType.JSON).body(Map.of("name", FN, "image", image, "command", command,
                "keepAliveCommand", List.of("/fib", "--idle"))).post("/functions/register").then().statusCode(201);

        SshConnection direct = new SshConnection("node1", new NodeAddress(node.sshHost(), node.sshPort(), node.username()),
                new Credentials.PrivateKey(node.privateKeyPem(), null), null, Duration.ofSeconds(10));
        direct.connect();
        System.out.printf("%n== gateway vs direct SSH, N=%d per mode, fib-native /fib 20, 1 node (0.5 CPU)%n", N);
        System.out.printf("%-11s %-26s %9s %9s%n", "mode", "measure", "p50 (ms)", "p95 (ms)");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest invoke = HttpRequest.newBuilder(invokeUrl.toURI()).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofMinutes(10)).build();
        double[] floor = new double[200];
        HttpRequest cheap = HttpRequest.newBuilder(URI.create(invokeUrl.toString().replace("/functions/invoke/" + FN, "/config")))
                .GET().build();
        for (int i = -200; i < floor.length; i++) {  // the first 200 warm the JIT up
            long t0 = System.nanoTime();
            client.send(cheap, HttpResponse.BodyHandlers.ofString());
            if (i >= 0) {
                floor[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        print("-", "HTTP floor (GET /config)", floor);
        // Warm the invoke path's JIT too (warmed mode: cheap), so the overhead lines measure code, not the interpreter.
        given().contentType(ContentType.JSON).body(Map.of("mode", "warmed")).put("/config").then().statusCode(200);
        for (int i = 0; i < WARM_UP; i++) {
            client.send(invoke, HttpResponse.BodyHandlers.ofString());
        }
        for (String mode : List.of("warmed", "pre-warmed", "cold")) {
            int n = mode.equals("cold") ? Math.max(3, N / 3) : N;
            given().contentType(ContentType.JSON).body(Map.of("mode", mode)).put("/config").then().statusCode(200);
            double[] viaGateway = new double[n];
            double[] overhead = new double[n];
            double[] ownWork = new double[n];
            double[] outside = new double[n];
            double[] inGateway = new double[n];
            double[] notGateway = new double[n];
            for (int i = 0; i < n; i++) {
                // A plain JDK client on one kept connection: what is timed is the gateway, not a test DSL.
                long t0 = System.nanoTime();
                HttpResponse<String> http = client.send(invoke, HttpResponse.BodyHandlers.ofString());
                viaGateway[i] = (System.nanoTime() - t0) / 1e6;
                if (http.statusCode() != 200) {
                    throw new AssertionError("invoke answered " + http.statusCode() + ": " + http.body());
                }
                JsonNode r = JSON.readTree(http.body());
                long docker = r.path("timings").path("runMs").asLong() + Math.max(0, r.path("timings").path("pullMs").asLong());
                overhead[i] = viaGateway[i] - docker;
                ownWork[i] = overhead[i] - r.path("timings").path("sshMs").asLong();
                outside[i] = viaGateway[i] - r.path("executionTimeS").asDouble() * 1000;
                double server = ServerTiming.parse(http.headers().firstValue(ServerTiming.HEADER).orElse(null));
                inGateway[i] = server - r.path("executionTimeS").asDouble() * 1000;
                notGateway[i] = viaGateway[i] - server;
                if (mode.equals("cold")) {
                    waitForImageGone(direct, image);
                }
            }
            given().contentType(ContentType.JSON).body(Map.of("mode", mode)).post("/cluster/reset").then().statusCode(200);
            double[] viaSsh = new double[n];
            for (int i = 0; i < n; i++) {
                List<String> argv = new ArrayList<>();
                long t0 = System.nanoTime();
                if (mode.equals("cold")) {
                    direct.run(List.of("docker", "pull", image), Duration.ofMinutes(5));
                }
                argv.addAll(mode.equals("warmed") ? List.of("docker", "exec", "faas-warm-" + FN)
                        : List.of("docker", "run", "--rm", "--pull", "never", image));
                argv.addAll(command);
                CommandResult r = direct.run(argv, Duration.ofMinutes(2));
                viaSsh[i] = (System.nanoTime() - t0) / 1e6;
                if (!r.ok()) {
                    throw new AssertionError("direct run failed: " + r.stderr());
                }
                if (mode.equals("cold")) {
                    direct.run(List.of("docker", "rmi", "-f", image), Duration.ofMinutes(1));
                }
            }
            print(mode, "via gateway (HTTP)", viaGateway);
            print(mode, "direct over SSH", viaSsh);
            print(mode, "gateway overhead", overhead);
            print(mode, "  of it not SSH session", ownWork);
            print(mode, "  of it outside invoke()", outside);
            print(mode, "    in the REST layer", inGateway);
            print(mode, "    JSON, network, client", notGateway);
        }
        direct.close();
    }

    private static void waitForImageGone(SshConnection ssh, String image) {
        for (int i = 0; i < 100; i++) {
            if (!ssh.run(List.of("docker", "image", "inspect", image), Duration.ofSeconds(30)).ok()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void print(String mode, String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-11s %-26s %9.1f %9.1f%n", mode, what, pct(s, 50), pct(s, 95));
    }

    private static double pct(double[] sorted, double p) {
        double pos = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
