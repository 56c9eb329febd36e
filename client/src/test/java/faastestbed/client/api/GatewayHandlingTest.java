package faastestbed.client.api;

import faastestbed.client.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's own handling of gateway answers, against an in-process fake gateway. */
class GatewayHandlingTest {
    @TempDir
    Path dir;
    FakeGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = new FakeGateway();
        Files.writeString(dir.resolve("workload.properties"), """
                nodes=node1=node1:22,node2=10.0.0.2:2222
                functions=ok-fn,busy-fn
                function.ok-fn.image=registry:5000/ok:latest
                function.ok-fn.command=/ok "an arg"
                function.busy-fn.image=registry:5000/busy:latest
                function.busy-fn.command=/busy
                function.busy-fn.keep-alive=/busy --idle
                function.fail-fn.image=registry:5000/fail:latest
                function.fail-fn.command=/fail
                run.id=test-run
                """);
        gateway.invokeStatus.put("ok-fn", 200);
        gateway.invokeStatus.put("busy-fn", 503);
        gateway.invokeStatus.put("fail-fn", 201); // 200 with status "failed"
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private Cli.Result run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--gateway";
        all[args.length + 1] = gateway.url();
        return Cli.run(dir, all);
    }

    @Test
    void registrationTreatsConflictAsAlreadyRegistered() throws Exception {
        gateway.nodes.put("node1", json("{\"name\":\"node1\",\"host\":\"node1\",\"port\":22,\"username\":\"sshuser\"}"));
        gateway.functions.put("busy-fn", json("{\"name\":\"busy-fn\",\"image\":\"registry:5000/busy:latest\","
                + "\"command\":[\"/busy\"],\"keepAliveCommand\":[\"/busy\",\"--idle\"]}"));
        Cli.Result r = run("register");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("node node1: already registered"), r.out());
        assertTrue(r.out().contains("node node2: registered (auth password, host key SHA256:abc)"), r.out());
        assertTrue(r.out().contains("function ok-fn: registered"), r.out());
        assertTrue(r.out().contains("function busy-fn: already registered"), r.out());
        assertTrue(!r.out().contains("warning"), "same definitions, nothing to warn about: " + r.out());

        FakeGateway.Request node2 = gateway.requests().stream()
                .filter(q -> q.path().equals("/nodes/register") && q.body().get("name").asText().equals("node2")).findFirst().orElseThrow();
        assertEquals("10.0.0.2", node2.body().get("host").asText());
        assertEquals(2222, node2.body().get("port").asInt());
        assertEquals("sshuser", node2.body().get("username").asText());
        assertEquals("sshpassword", node2.body().get("password").asText());
        FakeGateway.Request okFn = gateway.requests().stream()
                .filter(q -> q.path().equals("/functions/register") && q.body().get("name").asText().equals("ok-fn")).findFirst().orElseThrow();
        assertEquals("[\"/ok\",\"an arg\"]", okFn.body().get("command").toString());
        assertTrue(!okFn.body().has("keepAliveCommand"), "no keep-alive configured: left to the gateway");

        assertEquals(0, run("register").code(), "registering twice is fine");
    }

    @Test
    void aDifferentExistingDefinitionIsWarnedAbout() throws Exception {
        gateway.functions.put("ok-fn", json("{\"name\":\"ok-fn\",\"image\":\"registry:5000/ok:latest\",\"command\":[\"/ok\",\"30\"]}"));
        gateway.nodes.put("node2", json("{\"name\":\"node2\",\"host\":\"10.0.0.2\",\"port\":22,\"username\":\"sshuser\"}"));
        Cli.Result r = run("register");
        assertEquals(0, r.code(), "409 stays fine: " + r);
        assertTrue(r.out().contains("warning: function ok-fn is registered with command [\"/ok\",\"30\"], the configuration says [\"/ok\",\"an arg\"]"), r.out());
        assertTrue(r.out().contains("warning: node node2 is registered with port 22, the configuration says 2222"), r.out());
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    }

    @Test
    void keyFileIsSentInsteadOfThePassword() throws Exception {
        Files.createDirectories(dir.resolve(".testbed/ssh"));
        Files.writeString(dir.resolve(".testbed/ssh/id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n");
        assertEquals(0, run("register", "--functions", "ok-fn").code());
        FakeGateway.Request node1 = gateway.requests().stream().filter(q -> q.path().equals("/nodes/register")).findFirst().orElseThrow();
        assertTrue(node1.body().get("privateKey").asText().startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"));
        assertTrue(!node1.body().has("password"));
    }

    @Test
    void registrationFailureIsReported() {
        Cli.Result r = run("register", "--config", write("nodes=broken1=broken1:22,node1=node1\nfunctions=f\n"
                + "function.f.image=img\nfunction.f.command=/f\n"));
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("node broken1: FAILED, HTTP 502: SSH login to broken1 failed"), r.out());
        assertTrue(r.out().contains("node node1: registered") && r.out().contains("function f: registered"),
                "one failure does not stop the other registrations: " + r.out());
    }

    private String write(String text) {
        try {
            Files.writeString(dir.resolve("extra.properties"), text);
        } catch (java.io.IOException e) {
            throw new RuntimeException(e);
        }
        return "extra.properties";
    }

    @Test
    void runConfiguresResetsAndCountsRejectionsAndFailures() {
        Cli.Result r = run("run", "--functions", "ok-fn,busy-fn,fail-fn", "--modes", "cold,warmed", "--cycles", "2");
        assertEquals(1, r.code(), "some invocations were not ok: " + r);

        // Per cell: PUT /config, POST /cluster/reset, then the invocations, in that order.
        List<String> calls = gateway.requests().stream()
                .filter(q -> !q.path().endsWith("/register"))
                .map(q -> q.method() + " " + q.path()).toList();
        assertEquals("GET /config", calls.get(0));
        assertEquals(List.of("PUT /config", "POST /cluster/reset"), calls.subList(1, 3));
        assertEquals(List.of("PUT /config", "POST /cluster/reset"), calls.subList(9, 11));
        assertEquals(List.of("POST /functions/invoke/ok-fn", "POST /functions/invoke/busy-fn", "POST /functions/invoke/fail-fn",
                "POST /functions/invoke/ok-fn", "POST /functions/invoke/busy-fn", "POST /functions/invoke/fail-fn"), calls.subList(3, 9));
        FakeGateway.Request put = gateway.requests().stream().filter(q -> q.method().equals("PUT")).findFirst().orElseThrow();
        assertEquals("{\"policy\":\"round-robin\",\"mode\":\"cold\",\"cell\":\"round-robin/cold\",\"runId\":\"test-run\"}", put.body().toString());

        assertTrue(r.out().contains("summary of run test-run: 12 invocations, 4 ok, 4 failed, 4 rejected"), r.out());
        assertTrue(r.out().contains("ok-fn     Round Robin - Cold        2   2       0         0   0.250  0.250  0.250"), r.out());
        assertTrue(r.out().contains("busy-fn   Round Robin - Cold        2   0       0         2       -      -      -"), r.out());
        assertTrue(r.out().contains("fail-fn   Round Robin - Warmed      2   0       2         0       -      -      -"), r.out());
        assertTrue(r.out().contains("e.g. HTTP 503: no node available"), r.out());
        assertTrue(r.err().contains("[####################] 6/6"), "plain progress lines without a terminal: " + r.err());
    }

    @Test
    void allOkExitsZeroAndOpenLoopWorkloadsRun() {
        Cli.Result r = run("--functions", "ok-fn", "--modes", "warmed", "--workload", "poisson", "--rate", "50", "--count", "20",
                "--no-register", "--no-progress");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("20 invocations, 20 ok"), r.out());
        assertTrue(r.out().contains("lateness: mean"), r.out());
        assertEquals("", r.err());
        assertTrue(gateway.requests().stream().noneMatch(q -> q.path().endsWith("/register")), "--no-register");
    }

    @Test
    void unknownPolicyIsBadInputBeforeAnythingRuns() {
        Cli.Result r = run("--policies", "fastest", "--no-register");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("error: unknown policy 'fastest' (the gateway knows: least-used, round-robin)"), r.err());
        assertTrue(gateway.requests().stream().noneMatch(q -> q.method().equals("PUT")));
    }

    @Test
    void invokePrintsTheAnswerAndExitsByItsStatus() {
        Cli.Result ok = run("invoke", "ok-fn");
        assertEquals(0, ok.code(), ok.toString());
        assertTrue(ok.out().contains("\"status\" : \"ok\"") && ok.out().contains("\"executionTimeS\" : 0.25"), ok.out());

        Cli.Result busy = run("invoke", "busy-fn");
        assertEquals(1, busy.code());
        assertTrue(busy.out().contains("\"status\" : \"rejected\""), busy.out());

        Cli.Result unknown = run("invoke", "nope");
        assertEquals(1, unknown.code());
        assertTrue(unknown.out().contains("unknown function nope"), unknown.out());
    }

    @Test
    void unreachableGatewayExitsThree() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free now, and nothing listens once closed
        }
        String url = "http://127.0.0.1:" + port;
        for (String[] args : List.of(new String[]{"--gateway", url}, new String[]{"register", "--gateway", url},
                new String[]{"invoke", "ok-fn", "--gateway", url})) {
            Cli.Result r = Cli.run(dir, args);
            assertEquals(3, r.code(), r.toString());
            assertTrue(r.err().startsWith("error: cannot reach the gateway at " + url + ": "), r.err());
            assertTrue(r.err().contains("is it running? ./start.sh starts it"), r.err());
        }
    }
}
