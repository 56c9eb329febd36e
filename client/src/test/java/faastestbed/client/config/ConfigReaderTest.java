package faastestbed.client.config;

import faastestbed.client.workload.FunctionPick;
import faastestbed.client.workload.MinuteRange;
import faastestbed.client.workload.TestFiles;
import faastestbed.client.workload.WorkloadKind;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import org.junit.jupiter.api.BeforeEach;
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

    /** As after ./start.sh: the cluster's key is where the defaults look for it. */
    @BeforeEach
    void clusterKey() throws Exception {
        Files.createDirectories(dir.resolve(".testbed/ssh"));
        Files.writeString(dir.resolve(".testbed/ssh/id_ed25519"), "a key as ./start.sh writes it");
    }

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
    void withoutTheClustersKeyAndWithoutAPasswordRegistrationIsRefused() throws Exception {
        Files.delete(dir.resolve(".testbed/ssh/id_ed25519"));
        Settings s = ConfigReader.load(dir, null);
        ClientConfig c = resolve(s);
        String message = assertThrows(BadInputException.class, () -> ConfigReader.requireNodeCredentials(s, c)).getMessage();
        assertTrue(message.contains("ssh.password") && message.contains("no key file exists"), message);
    }

    @Test
    void defaults() throws Exception {
        ClientConfig c = resolve(ConfigReader.load(dir, null));
        assertEquals(URI.create("http://127.0.0.1:8000"), c.gateway());
        assertEquals(List.of(new NodeSpec("node1", "node1", 22), new NodeSpec("node2", "node2", 22),
                new NodeSpec("node3", "node3", 22), new NodeSpec("node4", "node4", 22)), c.nodes());
        assertEquals("sshuser", c.sshUser());
        assertEquals("", c.sshPassword(), "no password is built in: nodes take the cluster's key");
        assertEquals(dir.resolve(".testbed/ssh/id_ed25519"), c.sshKey());
        assertEquals(List.of("fib-python", "fib-native"), c.functions());
        assertEquals(new FunctionSpec("fib-python", "registry:5000/fib-python:latest",
                List.of("python3", "/app/fib.py", "20000"), List.of("sleep", "infinity"),
                List.of("python3", "/runtime/faas_runtime.py", "/app/handler.py"), null, new FunctionSpec.Pool(128, null, null, null)),
                c.functionSpecs().get("fib-python"));
        assertEquals(new FunctionSpec("fib-native", "registry:5000/fib-native:latest",
                List.of("/fib", "42"), List.of("/fib", "--idle"), List.of("/watchdog", "/fib", "--stdin", "42"), null,
                new FunctionSpec.Pool(64, null, null, null)), c.functionSpecs().get("fib-native"));
        assertEquals(java.util.Set.of("fib-python", "fib-native"), c.functionSpecs().keySet(),
                "only the listed functions are resolved for registration, not echo or noop");
        assertEquals(List.of("round-robin"), c.policies());
        assertEquals(List.of(ExecutionMode.COLD, ExecutionMode.PRE_WARMED, ExecutionMode.WARMED), c.modes());
        assertEquals(List.of(), c.keepAlives(), "the gateway's keep-alive");
        assertEquals(List.of(InvocationPath.HANDLER), c.paths());
        assertEquals(PayloadOptions.NONE, c.payload());
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
        assertTrue(error(d.with("modes", "cold,hot", "--modes")).contains("unknown mode 'hot' (known: cold, pre-warmed, warmed, dynamic)"));
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
    void theOtherDefinedFunctionsCanBePicked() throws Exception {
        Settings s = ConfigReader.load(dir, null).with("functions", "echo,noop", "--functions");
        ClientConfig c = resolve(s);
        assertEquals(List.of("echo", "noop"), c.functions());
        assertEquals(new FunctionSpec("echo", "registry:5000/echo:latest", List.of("python3", "/app/handler.py"), List.of(),
                List.of("python3", "/runtime/faas_runtime.py", "/app/handler.py"), null, new FunctionSpec.Pool(64, null, null, null)),
                c.functionSpecs().get("echo"));
        assertEquals("registry:5000/noop:latest", c.functionSpecs().get("noop").image());
    }

    @Test
    void handlerAndTimeout() throws Exception {
        Files.writeString(dir.resolve("workload.properties"), """
                functions=a,b
                function.a.image=img
                function.a.command=/a
                function.a.handler=/watchdog "/a x" --stdin
                function.a.timeout=30
                function.b.image=img
                function.b.command=/b
                function.b.handler=
                function.b.timeout=
                """);
        ClientConfig c = resolve(ConfigReader.load(dir, null));
        assertEquals(new FunctionSpec("a", "img", List.of("/a"), List.of(), List.of("/watchdog", "/a x", "--stdin"), 30,
                FunctionSpec.Pool.GATEWAY_DEFAULTS), c.functionSpecs().get("a"));
        assertEquals(new FunctionSpec("b", "img", List.of("/b"), List.of(), List.of(), null, FunctionSpec.Pool.GATEWAY_DEFAULTS),
                c.functionSpecs().get("b"),
                "empty: no handler, the gateway's timeout");

        Settings d = ConfigReader.load(dir, null);
        assertEquals("function.a.timeout (in cfg): expected an integer >= 1, got '0'", error(d.with("function.a.timeout", "0", "cfg")));
        assertEquals("function.a.timeout (in cfg): expected an integer >= 1, got '1m'", error(d.with("function.a.timeout", "1m", "cfg")));
        assertTrue(error(d.with("function.a.handler", "/w \"x", "cfg")).startsWith("function.a.handler (in cfg): command has an unclosed"));
        assertTrue(ConfigReader.isKnownKey("function.x.handler") && ConfigReader.isKnownKey("function.x.timeout"));
        assertTrue(!ConfigReader.isKnownKey("function.x.timeout-seconds"));
    }

    @Test
    void paths() throws Exception {
        Settings d = ConfigReader.load(dir, null);
        assertEquals(List.of(InvocationPath.HANDLER, InvocationPath.EXEC), resolve(d.with("paths", "handler, exec", "--paths")).paths());
        assertEquals(List.of(InvocationPath.EXEC), resolve(d.with("paths", "exec", "--paths")).paths());
        assertEquals("--paths: unknown path 'docker' (known: handler, exec)", error(d.with("paths", "handler,docker", "--paths")));
        assertEquals("--paths: path 'EXEC' listed twice", error(d.with("paths", "exec,EXEC", "--paths")));
        assertEquals("--paths: must list at least one", error(d.with("paths", "", "--paths")));
        assertEquals("paths (in cfg): unknown path 'run' (known: handler, exec)", error(d.with("paths", "run", "cfg")));
    }

    @Test
    void payloadOptions() throws Exception {
        Settings d = ConfigReader.load(dir, null);
        assertEquals(new PayloadOptions(dir.resolve("in/p.bin"), List.of()),
                resolve(d.with("payload.file", "in/p.bin", "--payload")).payload(), "resolved, read later by the command");
        assertEquals(List.of(0, 1, 1024, 1048576, 1500, 6291456),
                resolve(d.with("payload.sizes", "0, 1,1K,1m,1500,6M", "--payload-sizes")).payload().sizes());
        assertNull(resolve(d.with("payload.sizes", "0", "--payload-sizes")).payload().file());

        for (String bad : List.of("1G", "-1", "1.5K", "K", "12KB", "0x10", "99999999999")) {
            assertTrue(error(d.with("payload.sizes", "1K," + bad, "--payload-sizes"))
                    .startsWith("--payload-sizes: expected a size in bytes with an optional K or M suffix"), bad);
        }
        assertEquals("--payload-sizes: payload size '2048M' is over the client's limit of 1024M",
                error(d.with("payload.sizes", "2048M", "--payload-sizes")));
        assertEquals("--payload-sizes: size '1024' listed twice (1024 bytes)", error(d.with("payload.sizes", "1K,1024", "--payload-sizes")));

        // One or the other: both as flags, or both in the files, is an error; a flag wins over the file.
        assertTrue(error(d.with("payload.file", "p.bin", "--payload").with("payload.sizes", "1K", "--payload-sizes"))
                .startsWith("--payload: a payload file and payload sizes (--payload-sizes) exclude each other"));
        assertTrue(error(d.with("payload.file", "p.bin", "cfg").with("payload.sizes", "1K", "cfg"))
                .startsWith("payload.file (in cfg): a payload file and payload sizes (payload.sizes (in cfg)) exclude each other"));
        assertEquals(new PayloadOptions(null, List.of(1024)),
                resolve(d.with("payload.file", "p.bin", "cfg").with("payload.sizes", "1K", "--payload-sizes")).payload());
        assertEquals(new PayloadOptions(dir.resolve("p.bin"), List.of()),
                resolve(d.with("payload.file", "p.bin", "--payload").with("payload.sizes", "1K", "cfg")).payload());
    }

    @Test
    void payloadSizesParseAndFormat() {
        assertEquals(0, PayloadOptions.parseSize("0"));
        assertEquals(1024, PayloadOptions.parseSize("1K"));
        assertEquals(3 * 1024 * 1024, PayloadOptions.parseSize(" 3m "));
        assertEquals(PayloadOptions.MAX_SIZE, PayloadOptions.parseSize("1024M"));
        assertThrows(IllegalArgumentException.class, () -> PayloadOptions.parseSize("1025M"));
        assertEquals("0", PayloadOptions.formatSize(0));
        assertEquals("1500", PayloadOptions.formatSize(1500));
        assertEquals("1K", PayloadOptions.formatSize(1024));
        assertEquals("1536K", PayloadOptions.formatSize(1536 * 1024));
        assertEquals("6M", PayloadOptions.formatSize(6 * 1024 * 1024));
    }

    @Test
    void keepAlivesFromTheFileAndFlags() throws Exception {
        Files.writeString(dir.resolve("workload.properties"), "modes=warmed,dynamic\nkeep-alives=lru, fixed-ttl:30s ,hybrid-histogram:4h:2m\n");
        Settings file = ConfigReader.load(dir, null);
        assertEquals(List.of("lru", "fixed-ttl:30s", "hybrid-histogram:4h:2m"), resolve(file).keepAlives(),
                "the argument may hold ':' itself");
        assertEquals(List.of("greedy-dual"), resolve(file.with("keep-alives", "greedy-dual", "--keep-alives")).keepAlives());
        assertEquals(List.of(), resolve(file.with("keep-alives", "", "--keep-alives")).keepAlives(), "empty: the gateway's");
        assertEquals(List.of(ExecutionMode.WARMED, ExecutionMode.DYNAMIC), resolve(file).modes());

        // Set in the file for the dynamic mode, the list is simply unused by a matrix without one.
        assertEquals(List.of("lru", "fixed-ttl:30s", "hybrid-histogram:4h:2m"),
                resolve(file.with("modes", "cold", "--modes")).keepAlives());
    }

    @Test
    void badKeepAlivesAreReportedWithTheirSource() throws Exception {
        Settings d = ConfigReader.load(dir, null).with("modes", "dynamic", "--modes");
        for (String bad : List.of("fixed ttl", "fixed-ttl:", ":30s", "lru/2", "fixed-ttl:30s/x", "-lru", "x".repeat(41))) {
            assertTrue(error(d.with("keep-alives", "lru," + bad, "--keep-alives"))
                    .startsWith("--keep-alives: '" + bad + "' is not a keep-alive policy: expected NAME or NAME:ARGUMENT"), bad);
        }
        assertTrue(error(d.with("keep-alives", "lru;x", "cfg")).startsWith("keep-alives (in cfg): 'lru;x' is not a keep-alive policy"));
        assertEquals("--keep-alives: 'lru' listed twice", error(d.with("keep-alives", "lru,fixed-ttl,lru", "--keep-alives")));
        assertEquals("--keep-alives applies to mode dynamic, but the modes are cold,warmed",
                error(d.with("modes", "cold,warmed", "cfg").with("keep-alives", "lru", "--keep-alives")));
    }

    @Test
    void poolSettingsPerFunction() throws Exception {
        Files.writeString(dir.resolve("workload.properties"), """
                functions=a,b
                function.a.image=img
                function.a.command=/a
                function.a.memory=256
                function.a.concurrency=4
                function.a.min-idle=1
                function.a.max-containers=2
                function.b.image=img
                function.b.command=/b
                function.b.memory=
                function.b.max-containers=0
                """);
        ClientConfig c = resolve(ConfigReader.load(dir, null));
        assertEquals(new FunctionSpec.Pool(256, 4, 1, 2), c.functionSpecs().get("a").pool());
        assertEquals(new FunctionSpec.Pool(null, null, null, 0), c.functionSpecs().get("b").pool(),
                "unset and empty: the gateway's default; 0 containers: no bound but memory");
        for (String key : List.of("memory", "concurrency", "min-idle", "max-containers")) {
            assertTrue(ConfigReader.isKnownKey("function.x." + key), key);
        }
        assertTrue(!ConfigReader.isKnownKey("function.x.memory-mb"));
    }

    @Test
    void badPoolSettingsNameTheirKey() throws Exception {
        Files.writeString(dir.resolve("workload.properties"), "functions=a\nfunction.a.image=img\nfunction.a.command=/a\n");
        Settings d = ConfigReader.load(dir, null);
        assertEquals("function.a.memory (in cfg): expected an integer >= 6 (MB; Docker's least memory limit) (or nothing), got '128M'",
                error(d.with("function.a.memory", "128M", "cfg")));
        assertTrue(error(d.with("function.a.memory", "5", "cfg")).startsWith("function.a.memory (in cfg): expected an integer >= 6"));
        assertTrue(error(d.with("function.a.memory", "99999999999", "cfg")).startsWith("function.a.memory (in cfg): expected an integer"));
        assertEquals("function.a.concurrency (in cfg): expected an integer >= 1 (or nothing), got '0'",
                error(d.with("function.a.concurrency", "0", "cfg")));
        assertEquals("function.a.concurrency (in cfg): expected an integer >= 1 (or nothing), got '1.5'",
                error(d.with("function.a.concurrency", "1.5", "cfg")));
        assertEquals("function.a.min-idle (in cfg): expected an integer >= 0 (or nothing), got '-1'",
                error(d.with("function.a.min-idle", "-1", "cfg")));
        assertEquals("function.a.max-containers (in cfg): expected an integer >= 0 (0: no bound but the node's memory)"
                + " (or nothing), got 'many'", error(d.with("function.a.max-containers", "many", "cfg")));
        assertEquals("function.a.min-idle (in cfg): 3 idle containers cannot be kept under function.a.max-containers=2",
                error(d.with("function.a.min-idle", "3", "cfg").with("function.a.max-containers", "2", "cfg")));
        assertEquals(new FunctionSpec.Pool(null, null, 3, 0),
                resolve(d.with("function.a.min-idle", "3", "cfg").with("function.a.max-containers", "0", "cfg")).functionSpecs().get("a").pool());
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
