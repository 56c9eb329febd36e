package faastestbed.gateway.bench;

import faastestbed.gateway.it.ClusterResource;
import faastestbed.gateway.runtime.Endpoint;
import faastestbed.gateway.runtime.HandlerClient;
import faastestbed.gateway.ssh.Credentials;
import faastestbed.gateway.ssh.NodeAddress;
import faastestbed.gateway.ssh.SshConnection;
import faastestbed.node.testkit.NodeHandle;
import faastestbed.node.testkit.TestCluster;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;

/**
 * Warm invocations through the resident handler versus through docker exec, in one run, on real nodes (0.5 CPU
 * each): noop (empty payload), echo 1 KB and echo 1 MB, end to end from a JDK client on one kept connection, and the
 * handler's overhead = round trip minus the function's own time as its runtime reports it (X-Function-Ms). Then the
 * transport alone (fresh channel per call vs a kept one, straight from a HandlerClient), and sustained warm throughput
 * of noop through the gateway across every node with C concurrent clients for a bounded number of calls.
 * Prints numbers; asserts none. Run: scripts/benchmark.sh. N per line: bench.n (default 30; 200 here is better).
 */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "sampling", value = "1s"),
        @ResourceArg(name = "nodes", value = "4"),
        @ResourceArg(name = "functions", value = "echo,noop")})
@Tag("benchmark")
class HandlerBenchmark {
    static final int N = Math.max(Integer.getInteger("bench.n", 30), 30) * 4;
    static final int THROUGHPUT_CALLS = Integer.getInteger("bench.throughput.calls", 6000);
    static final int THROUGHPUT_CLIENTS = Integer.getInteger("bench.throughput.clients", 32);
    static final int WARM_UP = Integer.getInteger("bench.warmup.handler", 2000);
    static final String PY_HANDLER = "python3 /runtime/faas_runtime.py /app/handler.py";

    @TestHTTPResource("/")
    URL base;

    @Test
    void handlerVersusExec() throws Exception {
        TestCluster cluster = ClusterResource.cluster;
        List<NodeHandle> nodes = cluster.nodes();
        for (NodeHandle n : nodes) {
            given().contentType(ContentType.JSON).body(Map.of("name", n.name(), "host", n.sshHost(), "port", n.sshPort(),
                    "username", n.username(), "privateKey", n.privateKeyPem())).post("/nodes/register").then().statusCode(201);
        }
        for (String fn : List.of("echo", "noop")) {
            given().contentType(ContentType.JSON).body(Map.of("name", fn, "image", cluster.registryImage(fn),
                    "command", "python3 /app/handler.py", "handler", PY_HANDLER)).post("/functions/register").then().statusCode(201);
        }
        given().contentType(ContentType.JSON).body(Map.of("mode", "warmed", "policy", "round-robin")).put("/config")
                .then().statusCode(200);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        byte[] kb = random(1024, 1);
        byte[] mb = random(1 << 20, 2);
        // Warm up the JIT of both paths (and of the JDK client): with 100 calls the handler lines came out 3-4x slower.
        for (int i = 0; i < WARM_UP; i++) {
            call(client, "noop", new byte[0], "handler");
            if (i % 10 == 0) {
                call(client, "echo", kb, "handler");
            }
        }
        for (int i = 0; i < 10; i++) {
            call(client, "noop", new byte[0], "exec");
        }
        System.out.printf("%n== warm invocations through the gateway, handler vs docker exec, %d nodes (0.5 CPU each), "
                + "N=%d per line (exec: N/4)%n", nodes.size(), N);
        System.out.printf("%-10s %-8s %-24s %9s %9s %9s%n", "function", "path", "measure", "p50 (ms)", "p95 (ms)", "p99 (ms)");
        for (Object[] c : new Object[][] {{"noop", new byte[0], "0 B"}, {"echo", kb, "1 KB"}, {"echo", mb, "1 MB"}}) {
            String fn = (String) c[0];
            byte[] payload = (byte[]) c[1];
            String label = fn + " " + c[2];
            double[][] handler = series(client, fn, payload, "handler", N);
            double[][] exec = series(client, fn, payload, "exec", Math.max(10, N / 4));
            print(label, "handler", "end to end", handler[0]);
            print(label, "handler", "function's own time", handler[1]);
            print(label, "handler", "overhead", handler[2]);
            print(label, "exec", "end to end", exec[0]);
            System.out.printf(Locale.ROOT, "%-10s %-8s %-24s %9.0fx%n", label, "", "exec p50 / handler ovh p50",
                    pct(sorted(exec[0]), 50) / pct(sorted(handler[2]), 50));
        }

        transport(cluster.node("node1"));
        throughput(nodes);
    }

    /** The channel alone: one HandlerClient that opens a channel per call, one that keeps channels. */
    private void transport(NodeHandle node) throws Exception {
        SshConnection ssh = new SshConnection("node1", new NodeAddress(node.sshHost(), node.sshPort(), node.username()),
                new Credentials.PrivateKey(node.privateKeyPem(), null), null, Duration.ofSeconds(10));
        ssh.connect();
        String ip = node.shell("docker inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' faas-warm-noop").strip();
        Endpoint ep = new Endpoint("faas-warm-noop", ip, Endpoint.DEFAULT_PORT);
        System.out.printf("%n== transport only: POST /run to noop on node1 through its sshd, N=%d%n", N);
        for (boolean keep : List.of(false, true)) {
            try (HandlerClient hc = new HandlerClient(ssh, keep)) {
                for (int i = 0; i < 50; i++) {
                    hc.run(ep, new byte[0], Duration.ofSeconds(10), 1 << 20);
                }
                double[] ms = new double[N];
                for (int i = 0; i < N; i++) {
                    long t0 = System.nanoTime();
                    hc.run(ep, new byte[0], Duration.ofSeconds(10), 1 << 20);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                print("noop 0 B", keep ? "kept" : "fresh", keep ? "kept channel" : "new channel per call", ms);
            }
        }
        ssh.close();
    }

    /** Sustained warm noop calls through the gateway: C clients, each sending its next call when the last returns. */
    private void throughput(List<NodeHandle> nodes) throws Exception {
        int nodeCount = nodes.size();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(8)).build();
        HttpRequest req = request("noop", new byte[0], "handler");
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong firstError = new AtomicLong(-1);
        ExecutorService pool = Executors.newFixedThreadPool(THROUGHPUT_CLIENTS);
        // Where the CPU goes while it runs: this JVM (gateway + load generator) and each node container (sshd,
        // the handler, its engine), read from the host engine's cumulative CPU counters before and after.
        long[] nodeCpu0 = nodes.stream().mapToLong(n -> n.hostStats().cpuTotalNanos()).toArray();
        long jvmCpu0 = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        List<String> errorTexts = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < THROUGHPUT_CLIENTS; c++) {
            fs.add(pool.submit(() -> {
                while (next.incrementAndGet() <= THROUGHPUT_CALLS) {
                    try {
                        HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200 || !"ok".equals(r.headers().firstValue("X-Status").orElse(""))) {
                            errors.incrementAndGet();
                            if (errorTexts.size() < 3) {
                                errorTexts.add(r.statusCode() + " " + new String(r.body()));
                            }
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(-1, next.get());
                        if (errorTexts.size() < 3) {
                            errorTexts.add(e.toString());
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        long jvmCpu1 = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
        long[] nodeCpu1 = nodes.stream().mapToLong(n -> n.hostStats().cpuTotalNanos()).toArray();
        pool.shutdown();
        System.out.printf(Locale.ROOT, "%n== sustained warm throughput: noop through the gateway, %d nodes, %d clients, "
                + "%d calls%n%.0f invocations/s over %.1f s, %d errors%s%n", nodeCount, THROUGHPUT_CLIENTS,
                THROUGHPUT_CALLS, THROUGHPUT_CALLS / s, s, errors.get(), errorTexts.isEmpty() ? "" : " " + errorTexts);
        StringBuilder perNode = new StringBuilder();
        for (int i = 0; i < nodeCount; i++) {
            perNode.append(String.format(Locale.ROOT, " %s %.2f", nodes.get(i).name(), (nodeCpu1[i] - nodeCpu0[i]) / 1e9 / s));
        }
        System.out.printf(Locale.ROOT, "cores used meanwhile (the host has %d): gateway + load generator JVM %.2f;"
                + " nodes (each capped at 0.5):%s%n", Runtime.getRuntime().availableProcessors(), (jvmCpu1 - jvmCpu0) / 1e9 / s,
                perNode);
    }

    private double[][] series(HttpClient client, String fn, byte[] payload, String path, int n) throws Exception {
        double[] total = new double[n];
        double[] own = new double[n];
        double[] overhead = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = call(client, fn, payload, path);
            total[i] = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200 || r.body().length != (fn.equals("echo") ? payload.length : 0)) {
                throw new AssertionError(fn + " via " + path + " answered " + r.statusCode() + " with " + r.body().length
                        + " bytes: " + r.headers().firstValue("X-Error").orElse(""));
            }
            own[i] = r.headers().firstValue("X-Function-Ms").map(Double::parseDouble).orElse(0.0);
            overhead[i] = total[i] - own[i];
        }
        return new double[][] {total, own, overhead};
    }

    private HttpResponse<byte[]> call(HttpClient client, String fn, byte[] payload, String path) throws Exception {
        return client.send(request(fn, payload, path), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest request(String fn, byte[] payload, String path) {
        return HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + "/functions/invoke/" + fn + "?path=" + path))
                .header("Content-Type", "application/octet-stream").header("Accept", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).timeout(Duration.ofMinutes(2)).build();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static double[] sorted(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s;
    }

    private static void print(String fn, String path, String what, double[] ms) {
        double[] s = sorted(ms);
        System.out.printf(Locale.ROOT, "%-10s %-8s %-24s %9.2f %9.2f %9.2f%n", fn, path, what, pct(s, 50), pct(s, 95), pct(s, 99));
    }

    private static double pct(double[] sorted, double p) {
        double pos = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
