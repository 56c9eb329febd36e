package faastestbed.faults;

import com.fasterxml.jackson.databind.JsonNode;
import faastestbed.common.metrics.MetricsCsvReader;
import faastestbed.common.metrics.MetricsRecord;
import faastestbed.node.testkit.NodeHandle;
import faastestbed.node.testkit.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The platform as a tenant uses it, with tokens on: the admin creates a namespace, the namespace's token deploys a
 * function from a folder and invokes it synchronously and asynchronously, the gateway is stopped and a new process
 * started on the same state, and the namespace, its token, its function and its answers are all still there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformRestartTest {
    private static final String ADMIN = "admin-token-of-the-platform-test-0123";

    private TestCluster cluster;
    private Path work;
    private GatewayProcess gateway;
    private Api anonymous;
    private Api admin;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = TestCluster.builder().nodes(1).functions("base").start();
        work = Files.createTempDirectory("platform-restart");
    }

    @AfterAll
    void stopAll() {
        if (gateway != null) {
            gateway.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private void startGateway() throws Exception {
        Files.writeString(work.resolve("admin-token"), ADMIN + "\n");
        Map<String, String> settings = new HashMap<>(Map.of(
                "testbed.metrics.file", work.resolve("results/metrics.csv").toString(),
                "testbed.sampling.interval", "300ms",
                "testbed.ssh.connect-timeout", "4s",
                "testbed.shutdown.deadline", "2s",
                "testbed.auth.admin-token-file", work.resolve("admin-token").toString(),
                "testbed.registry.push-password", cluster.registryPushPassword(),
                "testbed.state.dir", work.resolve("state").toString()));
        gateway = GatewayProcess.start(work, settings);
        anonymous = new Api(gateway.baseUrl());
        admin = anonymous.as(ADMIN);
    }

    @Test
    void aTenantDeploysInvokesAndFindsEverythingAfterARestart() throws Exception {
        startGateway();
        assertEquals(401, anonymous.get("/functions").status());
        NodeHandle n = cluster.nodes().get(0);
        assertEquals(201, admin.post("/nodes/register", Map.of("name", n.name(), "host", n.sshHost(), "port", n.sshPort(),
                "username", n.username(), "privateKey", n.privateKeyPem())).status());
        Api.Answer created = admin.post("/namespaces", Map.of("name", "acme", "maxConcurrent", 8));
        assertEquals(201, created.status(), String.valueOf(created.body()));
        Api acme = anonymous.as(created.body().path("token").asText());

        Api.Answer deploy = acme.postBytes("/functions/deploy?name=hello", "application/gzip",
                folder("handler.py", "def handle(body):\n    return b'hello, ' + body\n"));
        assertEquals(202, deploy.status(), String.valueOf(deploy.body()));
        JsonNode build = await(acme, "/builds/" + deploy.body().path("buildId").asText(), Duration.ofMinutes(5));
        assertEquals("ok", build.path("status").asText(), build.toString());

        Api.Answer sync = acme.postBytes("/acme/hello", "application/octet-stream", "world".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, sync.status(), String.valueOf(sync.body()));
        assertEquals("hello, world", sync.body().path("output").asText());
        Api.Answer async = acme.postBytes("/acme/hello?async=true", "application/octet-stream", "later".getBytes(StandardCharsets.UTF_8));
        assertEquals(202, async.status());
        String asyncId = async.body().path("invocationId").asText();
        assertEquals("ok", await(acme, "/invocations/" + asyncId, Duration.ofMinutes(2)).path("status").asText());

        gateway.stop(Duration.ofSeconds(60));
        try (Stream<Path> files = Files.walk(work.resolve("state"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains(created.body().path("token").asText()), "a token's text in " + f);
                assertFalse(bytes.contains(ADMIN), "the admin token in " + f);
            }
        }

        startGateway();
        acme = anonymous.as(created.body().path("token").asText());  // the new process listens on a new port
        assertEquals(401, anonymous.get("/functions").status(), "tokens are still required");
        JsonNode listed = acme.get("/functions").body();
        assertEquals(1, listed.size(), listed.toString());
        assertEquals("acme/hello", listed.get(0).path("id").asText());
        assertEquals(8, admin.get("/namespaces/acme").body().path("maxConcurrent").asInt(), "the limits are kept");
        assertEquals(1, admin.get("/nodes").body().size(), "the node is registered without a request");
        JsonNode kept = acme.get("/invocations/" + asyncId).body();
        assertEquals("hello, later", kept.path("result").path("output").asText(), kept.toString());
        Api.Answer again = acme.postBytes("/acme/hello", "application/octet-stream", "again".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, again.status(), String.valueOf(again.body()));
        assertEquals("hello, again", again.body().path("output").asText());
        assertEquals(403, acme.get("/nodes").status(), "the namespace's token is still a namespace's token");

        List<MetricsRecord> rows = MetricsCsvReader.read(work.resolve("results/metrics.csv")).records();
        assertEquals(3, rows.stream().filter(r -> r.function().equals("acme/hello") && r.ok()).count(), rows.toString());
    }

    private static JsonNode await(Api api, String path, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode s;
        do {
            s = api.get(path).body();
            String status = s.path("status").asText();
            if (!List.of("queued", "running", "building", "pushing", "registering").contains(status)) {
                return s;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(path + " still " + s);
    }

    /** A folder holding one file, as the tar.gz a deploy takes (made by tar, as a user's shell would). */
    private Path folderDir;

    private byte[] folder(String name, String text) throws Exception {
        folderDir = Files.createTempDirectory(work, "src");
        Files.writeString(folderDir.resolve(name), text);
        Path out = work.resolve("folder.tar.gz");
        Process p = new ProcessBuilder("tar", "-czf", out.toString(), "-C", folderDir.toString(), name)
                .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(Files.size(out) > 0);
        return Files.readAllBytes(out);
    }
}
