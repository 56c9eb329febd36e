package faastestbed.client.api;

import faastestbed.client.Cli;
import faastestbed.client.run.Payload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
                ssh.password=a-password-given-on-purpose
                functions=ok-fn,busy-fn
                function.ok-fn.image=registry:5000/ok:latest
                function.ok-fn.command=/ok "an arg"
                function.ok-fn.handler=/watchdog /ok --stdin
                function.ok-fn.timeout=30
                function.ok-fn.memory=256
                function.ok-fn.concurrency=4
                function.ok-fn.min-idle=1
                function.ok-fn.max-containers=3
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
    void theTokenOfTheClusterIsSentWithEveryRequestAndANamedTokenFileMustExist() throws Exception {
        Cli.Result none = run("register");
        assertEquals(0, none.code(), none.toString());
        assertTrue(gateway.requests().stream().allMatch(r -> r.authorization() == null), "no token, no header");
        Files.createDirectories(dir.resolve(".testbed"));
        Files.writeString(dir.resolve(".testbed/admin-token"), "the-admin-token-of-this-cluster\n");
        int before = gateway.requests().size();
        assertEquals(0, run("register").code());
        var sent = gateway.requests().subList(before, gateway.requests().size());
        assertTrue(!sent.isEmpty() && sent.stream().allMatch(r -> "Bearer the-admin-token-of-this-cluster".equals(r.authorization())),
                sent.toString());
        Files.writeString(dir.resolve("ns-token"), "tb_acme_xyz");
        before = gateway.requests().size();
        assertEquals(0, run("register", "--token-file", "ns-token").code());
        assertTrue(gateway.requests().subList(before, gateway.requests().size()).stream()
                .allMatch(r -> "Bearer tb_acme_xyz".equals(r.authorization())));
        Cli.Result missing = run("register", "--token-file", "nowhere");
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("cannot read 'nowhere'"), missing.err());
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
        assertEquals("a-password-given-on-purpose", node2.body().get("password").asText());
        FakeGateway.Request okFn = gateway.requests().stream()
                .filter(q -> q.path().equals("/functions/register") && q.body().get("name").asText().equals("ok-fn")).findFirst().orElseThrow();
        assertEquals("[\"/ok\",\"an arg\"]", okFn.body().get("command").toString());
        assertTrue(!okFn.body().has("keepAliveCommand"), "no keep-alive configured: left to the gateway");
        assertEquals("[\"/watchdog\",\"/ok\",\"--stdin\"]", okFn.body().get("handler").toString());
        assertEquals(30, okFn.body().get("timeoutSeconds").intValue());
        assertTrue(okFn.body().get("timeoutSeconds").isInt());
        for (var field : java.util.Map.of("memoryMb", 256, "concurrency", 4, "minIdle", 1, "maxContainers", 3).entrySet()) {
            assertTrue(okFn.body().get(field.getKey()).isInt(), field.getKey());
            assertEquals(field.getValue(), okFn.body().get(field.getKey()).intValue(), field.getKey());
        }
        FakeGateway.Request busyFn = gateway.requests().stream()
                .filter(q -> q.path().equals("/functions/register") && q.body().get("name").asText().equals("busy-fn")).findFirst().orElseThrow();
        for (String field : List.of("memoryMb", "concurrency", "minIdle", "maxContainers", "timeoutSeconds", "handler")) {
            assertTrue(!busyFn.body().has(field), "not configured, not sent, so the gateway's default applies: " + field);
        }
        assertTrue(gateway.requests().stream().noneMatch(q -> q.path().equals("/functions/register")
                && q.body().get("name").asText().equals("fail-fn")), "defined but not listed: never registered");

        assertEquals(0, run("register").code(), "registering twice is fine");
    }

    @Test
    void aDifferentExistingDefinitionIsWarnedAbout() throws Exception {
        gateway.functions.put("ok-fn", json("{\"name\":\"ok-fn\",\"image\":\"registry:5000/ok:latest\",\"command\":[\"/ok\",\"30\"],"
                + "\"memoryMb\":128,\"concurrency\":4}"));
        gateway.nodes.put("node2", json("{\"name\":\"node2\",\"host\":\"10.0.0.2\",\"port\":22,\"username\":\"sshuser\"}"));
        Cli.Result r = run("register");
        assertEquals(0, r.code(), "409 stays fine: " + r);
        assertTrue(r.out().contains("warning: function ok-fn is registered with command [\"/ok\",\"30\"], the configuration says [\"/ok\",\"an arg\"]"), r.out());
        assertTrue(r.out().contains("warning: node node2 is registered with port 22, the configuration says 2222"), r.out());
        assertTrue(r.out().contains("warning: function ok-fn is registered with memoryMb 128, the configuration says 256"), r.out());
        assertTrue(!r.out().contains("registered with concurrency"), r.out());
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
        Cli.Result r = run("register", "--config", write("nodes=broken1=broken1:22,node1=node1\nssh.password=pw\nfunctions=f\n"
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
    void asyncRunSubmitsThenCollectsEachResult() {
        gateway.invokeStatus.put("fail-fn", 502);
        Cli.Result r = run("run", "--functions", "ok-fn,busy-fn,fail-fn", "--modes", "cold", "--cycles", "1", "--async");
        assertEquals(1, r.code(), "some invocations were not ok: " + r);
        List<String> calls = gateway.requests().stream().map(q -> q.method() + " " + q.path())
                .filter(c -> c.contains("/invoke/") || c.contains("/invocations/")).toList();
        assertEquals(List.of("POST /functions/invoke/ok-fn", "GET /invocations/a0", "GET /invocations/a0",
                "POST /functions/invoke/busy-fn", "GET /invocations/a1", "GET /invocations/a1",
                "POST /functions/invoke/fail-fn", "GET /invocations/a2", "GET /invocations/a2"), calls,
                "submitted, then asked until it ended");
        assertTrue(r.out().contains("summary of run test-run: 3 invocations, 1 ok, 1 failed, 1 rejected"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("ok-fn") && l.matches(".*Cold\\s+1\\s+1\\s+0\\s+0\\s+0\\.500.*")),
                "the collected result's own label and time: " + r.out());
        assertTrue(r.out().contains("HTTP 502: no node available") || r.out().contains("HTTP 503: no node available"), r.out());
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
        assertEquals("{\"policy\":\"round-robin\",\"mode\":\"cold\",\"path\":\"handler\",\"cell\":\"round-robin/cold/handler\","
                + "\"runId\":\"test-run\"}", put.body().toString());

        assertTrue(r.out().contains("summary of run test-run: 12 invocations, 4 ok, 4 failed, 4 rejected"), r.out());
        assertTrue(r.out().contains("ok-fn     Round Robin - Cold (handler)        2   2       0         0   0.250  0.250  0.250"), r.out());
        assertTrue(r.out().contains("busy-fn   Round Robin - Cold (handler)        2   0       0         2       -      -      -"),
                "a rejection carries no label: the client's own names the path as the gateway does: " + r.out());
        assertTrue(r.out().contains("fail-fn   Round Robin - Warmed (handler)      2   0       2         0       -      -      -"), r.out());
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
    void dynamicCellsRunOncePerKeepAliveAndSendIt() {
        Cli.Result r = run("--functions", "ok-fn", "--modes", "warmed,dynamic", "--keep-alives", "lru,fixed-ttl:30s",
                "--cycles", "1", "--no-register", "--no-progress");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("keep-alive of the dynamic cells: one cell each, lru, fixed-ttl:30s"), r.out());
        assertTrue(r.out().contains("cells: round-robin/warmed/handler, round-robin/dynamic+lru/handler, "
                + "round-robin/dynamic+fixed-ttl:30s/handler\n"), r.out());
        assertTrue(r.out().contains("cell 3/3 round-robin/dynamic+fixed-ttl:30s/handler: 1 invocations, 1 ok"), r.out());

        List<String> puts = gateway.requests().stream().filter(q -> q.method().equals("PUT")).map(q -> q.body().toString()).toList();
        assertEquals(List.of(
                "{\"policy\":\"round-robin\",\"mode\":\"warmed\",\"path\":\"handler\",\"cell\":\"round-robin/warmed/handler\",\"runId\":\"test-run\"}",
                "{\"policy\":\"round-robin\",\"mode\":\"dynamic\",\"keepAlive\":\"lru\",\"path\":\"handler\","
                        + "\"cell\":\"round-robin/dynamic+lru/handler\",\"runId\":\"test-run\"}",
                "{\"policy\":\"round-robin\",\"mode\":\"dynamic\",\"keepAlive\":\"fixed-ttl:30s\",\"path\":\"handler\","
                        + "\"cell\":\"round-robin/dynamic+fixed-ttl:30s/handler\",\"runId\":\"test-run\"}"), puts);

        assertTrue(r.out().contains("ok-fn     Round Robin - Warmed (handler)                       1   1"), r.out());
        assertTrue(r.out().contains("ok-fn     Round Robin - Dynamic [lru] (handler)                1   1"), r.out());
        assertTrue(r.out().contains("ok-fn     Round Robin - Dynamic [fixed-ttl:30s] (handler)      1   1"), r.out());
    }

    @Test
    void withoutKeepAlivesTheGatewaysOwnIsNamedAndKept() {
        gateway.keepAlive = "greedy-dual";
        Cli.Result r = run("--functions", "ok-fn", "--modes", "cold,dynamic", "--cycles", "1", "--no-register", "--no-progress");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("keep-alive of the dynamic cells: the gateway's, greedy-dual"), r.out());
        assertTrue(r.out().contains("cells: round-robin/cold/handler, round-robin/dynamic+greedy-dual/handler\n"), r.out());
        List<String> keepAlives = gateway.requests().stream().filter(q -> q.method().equals("PUT"))
                .map(q -> q.body().path("keepAlive").asText("-")).toList();
        assertEquals(List.of("-", "greedy-dual"), keepAlives, "static cells send none");

        gateway.keepAlive = "";
        Cli.Result none = run("--functions", "ok-fn", "--modes", "dynamic", "--cycles", "1", "--no-register", "--no-progress");
        assertEquals(0, none.code(), none.toString());
        assertTrue(none.out().contains("keep-alive of the dynamic cells: the gateway's\n")
                && none.out().contains("cells: round-robin/dynamic/handler\n"), none.out());
    }

    @Test
    void unknownKeepAliveIsBadInputBeforeAnythingRuns() {
        Cli.Result r = run("--modes", "dynamic", "--keep-alives", "lru,mru:5", "--no-register");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("error: unknown keep-alive policy 'mru' (the gateway knows: none, fixed-ttl, lru, "
                + "greedy-dual, hybrid-histogram)"), r.err());
        assertTrue(gateway.requests().stream().noneMatch(q -> q.method().equals("PUT")));

        Cli.Result staticOnly = run("--modes", "warmed", "--keep-alives", "lru", "--no-register");
        assertEquals(2, staticOnly.code(), staticOnly.toString());
        assertTrue(staticOnly.err().startsWith("error: --keep-alives applies to mode dynamic, but the modes are warmed"), staticOnly.err());
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

    private List<FakeGateway.Request> invocations() {
        return gateway.requests().stream().filter(q -> q.path().startsWith("/functions/invoke/")).toList();
    }

    @Test
    void invokeSendsThePayloadByteForByte() throws Exception {
        // Every byte value, then bytes that are no UTF-8 at all: nothing may be decoded or re-encoded on the way.
        byte[] payload = new byte[256 + 4];
        for (int i = 0; i < 256; i++) {
            payload[i] = (byte) i;
        }
        payload[256] = (byte) 0xC3;
        payload[257] = 0x28;
        payload[258] = (byte) 0xFF;
        payload[259] = (byte) 0xFE;
        Files.write(dir.resolve("payload.bin"), payload);

        Cli.Result r = run("invoke", "ok-fn", "--payload", "payload.bin");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("\"payloadBytes\" : 260"), r.out());
        FakeGateway.Request q = invocations().get(0);
        assertArrayEquals(payload, q.raw());
        assertEquals("application/octet-stream", q.contentType());

        // A run sends the same bytes with every invocation.
        Cli.Result run = run("--functions", "ok-fn", "--modes", "warmed", "--cycles", "3", "--payload", "payload.bin",
                "--no-register", "--no-progress");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("payload: payload payload.bin (260 bytes)"), run.out());
        List<FakeGateway.Request> sent = invocations();
        assertEquals(4, sent.size());
        sent.forEach(s -> assertArrayEquals(payload, s.raw()));
        sent.forEach(s -> assertEquals("application/octet-stream", s.contentType()));
    }

    @Test
    void withoutAPayloadTheBodyIsEmpty() {
        assertEquals(0, run("invoke", "ok-fn").code());
        assertEquals(0, run("--functions", "ok-fn", "--modes", "warmed", "--cycles", "1", "--no-register").code());
        assertEquals(2, invocations().size());
        for (FakeGateway.Request q : invocations()) {
            assertEquals(0, q.raw().length, "no payload: an empty body, not \"{}\"");
            assertEquals("application/octet-stream", q.contentType());
        }
    }

    @Test
    void pathsAndPayloadSizesAreCellsOfTheMatrix() {
        Cli.Result r = run("--functions", "ok-fn", "--modes", "warmed", "--paths", "handler,exec", "--payload-sizes", "0,1K",
                "--cycles", "2", "--no-register", "--no-progress");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("payload: one cell per size, 0, 1K (seeded random bytes, seed 42)"), r.out());
        assertTrue(r.out().contains("cells: round-robin/warmed/handler/0, round-robin/warmed/handler/1K, "
                + "round-robin/warmed/exec/0, round-robin/warmed/exec/1K"), r.out());

        List<String> puts = gateway.requests().stream().filter(q -> q.method().equals("PUT"))
                .map(q -> q.body().path("path").asText() + " " + q.body().path("cell").asText()).toList();
        assertEquals(List.of("handler round-robin/warmed/handler/0", "handler round-robin/warmed/handler/1K",
                "exec round-robin/warmed/exec/0", "exec round-robin/warmed/exec/1K"), puts);

        List<FakeGateway.Request> sent = invocations();
        assertEquals(List.of(0, 0, 1024, 1024, 0, 0, 1024, 1024), sent.stream().map(q -> q.raw().length).toList());
        byte[] seeded = Payload.seededBytes(42, 1024);
        sent.stream().filter(q -> q.raw().length > 0).forEach(q -> assertArrayEquals(seeded, q.raw()));

        assertTrue(r.out().contains("ok-fn     Round Robin - Warmed (handler)        0      2   2"), r.out());
        assertTrue(r.out().contains("ok-fn     Round Robin - Warmed (handler)       1K      2   2"), r.out());
        assertTrue(r.out().contains("ok-fn     Round Robin - Warmed                 1K      2   2"), r.out());
    }

    @Test
    void rerunsSendTheSameSeededBytes() {
        String[] args = {"--functions", "ok-fn", "--modes", "warmed", "--payload-sizes", "100", "--cycles", "1", "--no-register"};
        assertEquals(0, run(args).code());
        assertEquals(0, run(args).code());
        assertEquals(0, run(args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], args[8], "--seed", "7").code());
        List<FakeGateway.Request> sent = invocations();
        assertEquals(3, sent.size());
        assertArrayEquals(sent.get(0).raw(), sent.get(1).raw(), "same seed, same bytes");
        assertEquals(100, sent.get(2).raw().length);
        assertTrue(!java.util.Arrays.equals(sent.get(0).raw(), sent.get(2).raw()), "another seed, other bytes");
    }

    @Test
    void aPayloadOverTheGatewaysLimitIsAFailure() {
        gateway.invokeStatus.put("ok-fn", 413);
        Cli.Result r = run("--functions", "ok-fn", "--modes", "warmed", "--cycles", "1", "--payload-sizes", "7M",
                "--no-register", "--no-progress");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("e.g. HTTP 413: payload of 7340032 bytes is over the limit"), r.out());
        assertTrue(r.out().contains("summary of run test-run: 1 invocations, 0 ok, 1 failed, 0 rejected"), r.out());
    }
}
