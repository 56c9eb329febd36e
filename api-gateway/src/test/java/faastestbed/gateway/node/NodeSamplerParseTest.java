package faastestbed.gateway.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NodeSamplerParseTest {

    /** A line exactly as the node-metrics script prints it. */
    private static final String SCRIPT_OUTPUT = "{\"cpu_percent\":37.52,\"ram_percent\":12.30,\"cpu_limit_cores\":2.000,"
            + "\"cpu_usage_ns\":1896623399714,\"mem_used_bytes\":3109126144,\"mem_limit_bytes\":25276026880,"
            + "\"interval_ms\":251}\n";

    @Test
    void parsesTheScriptsJson() {
        LoadSample s = NodeSampler.parse(SCRIPT_OUTPUT);
        assertEquals(37.52, s.cpuPercent());
        assertEquals(12.30, s.ramPercent());
        assertEquals(2.0, s.cpuLimitCores());
        assertEquals(25276026880L, s.memLimitBytes());
        assertNotNull(s.at());
    }

    @Test
    void engineStateTakesANodeOutOfSchedulingAndBackIn() {
        assertEquals(EngineState.UNKNOWN, NodeSampler.parse(SCRIPT_OUTPUT).engine(), "older nodes do not say");
        String up = SCRIPT_OUTPUT.replace("\"interval_ms\"", "\"engine\":\"up\",\"interval_ms\"");
        String down = SCRIPT_OUTPUT.replace("\"interval_ms\"", "\"engine\":\"down\",\"interval_ms\"");
        assertEquals(EngineState.UP, NodeSampler.parse(up).engine());
        assertEquals(EngineState.DOWN, NodeSampler.parse(down).engine());

        Node node = new Node("n1", "key", null, java.time.Instant.EPOCH, false,
                new Admission.Limits(1, 1), -1);
        node.sampled(NodeSampler.parse(up));
        assertTrue(node.healthy());
        node.sampled(NodeSampler.parse(down));
        assertEquals(false, node.healthy());
        assertEquals(false, node.view("f").healthy(), "policies see it unhealthy");
        assertTrue(node.lastError().contains("engine is down"), node.lastError());
        node.sampled(NodeSampler.parse(up));
        assertTrue(node.healthy());
        assertEquals(1, node.engineRecoveries());
        node.engineDown("a call found it unreachable");
        assertEquals(false, node.healthy(), "a failing call takes it out before the next sample");
        node.sampled(NodeSampler.parse(up));
        assertEquals(false, node.healthy(), "a sample right after the call's verdict may predate it");
        node.sampled(NodeSampler.parse(SCRIPT_OUTPUT));
        assertEquals(false, node.healthy(), "nor does a node that cannot say");
        node.sampled(NodeSampler.parse(down));
        node.sampled(NodeSampler.parse(up));
        assertEquals(false, node.healthy(), "the call's verdict still holds");
        assertEquals(1, node.engineRecoveries());
    }

    @Test
    void toleratesSurroundingWhitespaceAndMissingOptionalFields() {
        LoadSample s = NodeSampler.parse("\n  {\"cpu_percent\":0,\"ram_percent\":100.00}  \n");
        assertEquals(0.0, s.cpuPercent());
        assertEquals(100.0, s.ramPercent());
        assertTrue(Double.isNaN(s.cpuLimitCores()));
        assertEquals(-1, s.memLimitBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "bash: line 1: nproc: command not found", "{\"cpu_percent\":", "", "   ", "null",
            "42", "[]", "{}", "{\"ram_percent\":1}", "{\"cpu_percent\":1}", "{\"cpu_percent\":\"high\",\"ram_percent\":1}"})
    void garbageIsRejected(String out) {
        assertThrows(IllegalArgumentException.class, () -> NodeSampler.parse(out));
    }

    /** The real script, run on this machine the way a node runs it: its output must parse. */
    @Test
    void theBundledScriptsOutputParses() throws Exception {
        byte[] script = bundledScript();
        Process p = new ProcessBuilder("/bin/bash", "-s", "--", "0.05").redirectErrorStream(false).start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(script);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assumeTrue(p.exitValue() == 0, "script cannot read this machine's cgroups");
        LoadSample s = NodeSampler.parse(out);
        assertTrue(s.cpuPercent() >= 0, out);
        assertTrue(s.ramPercent() >= 0 && s.ramPercent() <= 100, out);
        assertTrue(s.cpuLimitCores() > 0, out);
        assertTrue(s.memLimitBytes() > 0, out);
    }

    /** The stream mode the sampler keeps open per node: a line per interval, each one a sample. */
    @Test
    void theBundledScriptStreamsASamplePerInterval() throws Exception {
        byte[] script = bundledScript();
        Process p = new ProcessBuilder("/bin/bash", "-s", "--", "--stream", "0.1").start();
        try {
            try (var stdin = p.getOutputStream()) {
                stdin.write(script);
            }
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < 4; i++) {
                String line = out.readLine();
                assumeTrue(line != null, "script cannot read this machine's cgroups");
                LoadSample s = NodeSampler.parse(line);
                assertTrue(s.cpuPercent() >= 0 && s.ramPercent() >= 0 && s.cpuLimitCores() > 0, line);
            }
            assertTrue(p.isAlive(), "the stream runs until its reader goes away");
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The script the gateway pipes to its nodes, for running it here; skips where it cannot run. */
    private static byte[] bundledScript() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && Files.isDirectory(Path.of("/sys/fs/cgroup")),
                "needs bash and cgroups");
        try (InputStream in = NodeSampler.class.getResourceAsStream("/node-metrics")) {
            assertNotNull(in, "node-metrics is bundled as a resource");
            return in.readAllBytes();
        }
    }
}
