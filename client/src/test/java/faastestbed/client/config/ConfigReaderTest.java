package faastestbed.client.config;

import faastestbed.client.workload.FunctionPick;
import faastestbed.client.workload.MinuteRange;
import faastestbed.client.workload.TestFiles;
import faastestbed.client.workload.WorkloadKind;
import faastestbed.common.model.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigReaderTest {
    private static final Instant NOW = Instant.parse("2025-11-23T18:40:12Z");

    @TempDir
    Path dir;

    private ClientConfig resolve(Settings s) throws BadInputException {
        return ConfigReader.resolve(s, dir, true, true, NOW);
    }

    private String error(Settings s) {
        return assertThrows(BadInputException.class, () -> resolve(s)).getMessage();
    }

    @Test
    void builtInDefaultsAreTheProjectFile() throws Exception {
        Properties file = new Properties();
        try (Reader r = Files.newBufferedReader(TestFiles.projectRoot().resolve("workload.properties"))) {
            file.load(r);
        }
        Settings defaults = ConfigReader.builtInDefaults();
        assertEquals(file.stringPropertyNames(), defaults.asMap().keySet());
        file.stringPropertyNames().forEach(k -> assertEquals(file.getProperty(k).trim(), defaults.text(k), k));
        file.stringPropertyNames().forEach(k -> assertTrue(ConfigReader.isKnownKey(k), k));
    }

    @Test
    void defaults() throws Exception {
        ClientConfig c = resolve(ConfigReader.load(dir, null));
        assertEquals(URI.create("http://127.0.0.1:8000"), c.gateway());
        assertEquals(List.of(new NodeSpec("node1", "node1", 22), new NodeSpec("node2", "node2", 22),
                new NodeSpec("node3", "node3", 22), new NodeSpec("node4", "node4", 22)), c.nodes());
        assertEquals("sshuser", c.sshUser());
        assertEquals("sshpassword", c.sshPassword());
        assertNull(c.sshKey(), "no key file in the working dir: the password is used");
        assertEquals(List.of("fib-python", "fib-native"), c.functions());
        assertEquals(new FunctionSpec("fib-python", "registry:5000/fib-python:latest",
                List.of("python3", "/app/fib.py", "20000"), List.of("sleep", "infinity")), c.functionSpecs().get("fib-python"));
        assertEquals(new FunctionSpec("fib-native", "registry:5000/fib-native:latest",
                List.of("/fib", "42"), List.of("/fib", "--idle")), c.functionSpecs().get("fib-native"));
        assertEquals(List.of("round-robin"), c.policies());
        assertEquals(List.of(ExecutionMode.COLD, ExecutionMode.PRE_WARMED, ExecutionMode.WARMED), c.modes());
        assertNull(c.preparedNodes());
        WorkloadOptions w = c.workload();
        assertEquals(WorkloadKind.SEQUENTIAL, w.kind());
        assertEquals(10, w.cycles());
        assertEquals(1, w.concurrency());
        assertEquals(42, w.seed());
        assertEquals(FunctionPick.ROUND_ROBIN, w.pick());
        assertEquals(dir.resolve("workloads/azure-synthetic.d01.csv"), w.traceFile());
        assertEquals(60.0, w.timeCompression());
        assertNull(w.traceMinutes());
        assertEquals("run-20251123-184012", c.runId());
    }

    @Test
    void anExistingKeyFileIsUsed() throws Exception {
        Files.createDirectories(dir.resolve(".testbed/ssh"));
        Files.writeString(dir.resolve(".testbed/ssh/id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        assertEquals(dir.resolve(".testbed/ssh/id_ed25519"), resolve(ConfigReader.load(dir, null)).sshKey());
    }

    @Test
    void workingDirectoryFileOverridesDefaultsAndConfigFlagReplacesIt() throws Exception {
        Files.writeString(dir.resolve("workload.properties"), "cycles=3\nfunctions=a\nfunction.a.image=img\nfunction.a.command=run \"x y\"\n");
        Files.writeString(dir.resolve("other.properties"), "cycles=4\n");
        ClientConfig c = resolve(ConfigReader.load(dir, null));
        assertEquals(3, c.workload().cycles());
        assertEquals(List.of("run", "x y"), c.functionSpecs().get("a").command());
        assertEquals(List.of("round-robin"), c.policies(), "keys the file does not set keep their defaults");
        ClientConfig other = resolve(ConfigReader.load(dir, "other.properties"));
        assertEquals(4, other.workload().cycles());
        assertEquals(List.of("fib-python", "fib-native"), other.functions(), "--config replaces ./workload.properties");
    }

    @Test
    void flagsOverrideTheFile() throws Exception {
        Files.writeString(dir.resolve("workload.properties"), "cycles=3\nworkload=closed\n");
        Settings s = ConfigReader.load(dir, null).with("cycles", "7", "--cycles").with("concurrency", "10", "--concurrency")
                .with("modes", "warmed", "--modes").with("run.id", "r1", "--run-id");
        ClientConfig c = resolve(s);
        assertEquals(7, c.workload().cycles());
        assertEquals(10, c.workload().concurrency());
        assertEquals(List.of(ExecutionMode.WARMED), c.modes());
        assertEquals("r1", c.runId());
    }

    @Test
    void poissonCountWinsOverDuration() throws Exception {
        Settings s = ConfigReader.load(dir, null).with("workload", "poisson", "--workload");
        assertEquals(60.0, resolve(s).workload().durationS());
        WorkloadOptions w = resolve(s.with("poisson.count", "100", "--count")).workload();
        assertEquals(100, w.count());
        assertNull(w.durationS());
    }

    @Test
    void traceOptions() throws Exception {
        Settings s = ConfigReader.load(dir, null).with("workload", "trace", "--workload")
                .with("trace.minutes", "1-60", "--trace-minutes").with("trace.time-compression", "120", "--time-compression");
        WorkloadOptions w = resolve(s).workload();
        assertEquals(new MinuteRange(1, 60), w.traceMinutes());
        assertEquals(120.0, w.timeCompression());
    }

    @Test
    void everyBadValueIsReportedWithItsSource() throws Exception {
        Settings d = ConfigReader.load(dir, null);
        assertEquals("--cycles: expected an integer >= 1, got 'ten'", error(d.with("cycles", "ten", "--cycles")));
        assertEquals("--cycles: expected an integer >= 1, got '0'", error(d.with("cycles", "0", "--cycles")));
        assertTrue(error(d.with("modes", "cold,hot", "--modes")).contains("unknown mode 'hot' (known: cold, pre-warmed, warmed)"));
        assertTrue(error(d.with("modes", "cold,Cold", "--modes")).contains("listed twice"));
        assertTrue(error(d.with("workload", "burst", "--workload")).contains("unknown workload 'burst'"));
        assertTrue(error(d.with("gateway.url", "localhost:8000", "--gateway")).startsWith("--gateway: expected an http://"));
        assertTrue(error(d.with("functions", "a b", "--functions")).contains("not a valid name"));
        assertTrue(error(d.with("functions", "nope", "--functions")).contains("function 'nope' needs function.nope.image"));
        assertTrue(error(d.with("nodes", "node1=node1:ssh", "cfg")).startsWith("nodes (in cfg): expected name=host:port"));
        assertTrue(error(d.with("seed", "x", "--seed")).contains("expected an integer"));
        assertTrue(error(d.with("workload", "poisson", "--workload").with("poisson.rate", "-1", "--rate")).startsWith("--rate:"));
        assertTrue(error(d.with("workload", "trace", "--workload").with("trace.minutes", "9-2", "--trace-minutes")).startsWith("--trace-minutes:"));
        assertTrue(error(d.with("concurrency", "4", "--concurrency")).contains("--concurrency applies to --workload closed, but the workload is sequential"));
        assertTrue(error(d.with("poisson.rate", "4", "--rate")).contains("--rate applies to --workload poisson"));
        assertTrue(error(d.with("run.id", "my run", "--run-id")).startsWith("--run-id:"));
        assertTrue(error(d.with("function.fib-native.command", "/fib \"42", "cfg")).contains("unclosed"));
    }

    @Test
    void fileProblems() throws Exception {
        assertTrue(assertThrows(BadInputException.class, () -> ConfigReader.load(dir, "missing.properties"))
                .getMessage().contains("no such file: missing.properties"));
        Files.writeString(dir.resolve("workload.properties"), "cylces=3\n");
        assertTrue(assertThrows(BadInputException.class, () -> ConfigReader.load(dir, null))
                .getMessage().contains("unknown key 'cylces' in workload.properties"));
    }

    @Test
    void functionDefinitionsAreOnlyNeededToRegister() throws Exception {
        Settings s = ConfigReader.load(dir, null).with("functions", "elsewhere", "--functions");
        assertEquals(List.of("elsewhere"), ConfigReader.resolve(s, dir, false, true, NOW).functions());
    }
}
