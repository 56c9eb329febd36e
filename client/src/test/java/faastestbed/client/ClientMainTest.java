package faastestbed.client;

import faastestbed.client.workload.TestFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Command-line behaviour that needs no gateway: help, and every kind of bad input ending in exit code 2. */
class ClientMainTest {
    @TempDir
    Path dir;

    /** As after ./start.sh: the cluster's key is where the defaults look for it. */
    @BeforeEach
    void clusterKey() throws Exception {
        Files.createDirectories(dir.resolve(".testbed/ssh"));
        Files.writeString(dir.resolve(".testbed/ssh/id_ed25519"), "a key as ./start.sh writes it");
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        Cli.Result general = Cli.run(dir, "--help");
        assertEquals(0, general.code(), general.toString());
        assertTrue(general.out().startsWith("Usage: java -jar client/target/client.jar [COMMAND] [OPTIONS]"), general.out());
        assertTrue(general.out().contains("invoke FUNCTION") && general.out().contains("Exit codes"), general.out());

        Cli.Result run = Cli.run(dir, "run", "--help");
        assertEquals(0, run.code());
        assertTrue(run.out().contains("--workload KIND") && run.out().contains("[cycles=10]")
                && run.out().contains("--trace-minutes FROM-TO"), run.out());
        assertTrue(run.out().contains("--paths A,B") && run.out().contains("[paths=handler]")
                && run.out().contains("--payload FILE") && run.out().contains("--payload-sizes 0,1K,1M"), run.out());
        assertTrue(Cli.run(dir, "invoke", "--help").out().contains("--payload FILE"));
        assertTrue(run.out().contains("--keep-alives A,B") && run.out().contains("[keep-alives]")
                && run.out().contains("cold, pre-warmed, warmed, dynamic") && run.out().contains("fixed-ttl[:30s]"), run.out());
        assertTrue(!Cli.run(dir, "register", "--help").out().contains("--keep-alives"));

        for (String command : new String[]{"register", "invoke"}) {
            Cli.Result r = Cli.run(dir, command, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().startsWith("Usage: java -jar client/target/client.jar " + command), r.out());
            assertTrue(!r.out().contains("--cycles"), "only the command's own options: " + r.out());
        }
        assertEquals(Cli.run(dir, "invoke", "--help").out(), Cli.run(dir, "help", "invoke").out());
    }

    @Test
    void helpListsEveryFlagWithItsDescriptionAndDefault() {
        for (String[] args : new String[][]{{"--help"}, {"-h"}, {"help"}}) {
            Cli.Result r = Cli.run(dir, args);
            assertEquals(0, r.code(), r.toString());
            assertEquals("", r.err(), r.toString());
            for (String line : new String[]{
                    "--gateway URL             gateway base URL [gateway.url=http://127.0.0.1:8000]",
                    "--config FILE             read settings from FILE instead of ./workload.properties",
                    "--functions A,B           functions to register and invoke, in order [functions=fib-python,fib-native]",
                    "--policies A,B            scheduling policies, one cell each [policies=round-robin]",
                    "--modes A,B               execution modes (cold, pre-warmed, warmed, dynamic), one cell each [modes=cold,pre-warmed,warmed]",
                    "--keep-alives A,B         dynamic mode: keep-alive policies (lru, fixed-ttl:30s), one cell each [keep-alives]",
                    "--paths A,B               invocation paths (handler, exec), one cell each [paths=handler]",
                    "--prepared-nodes N        nodes the gateway prepares in pre-warmed/warmed modes [prepared.nodes]",
                    "--payload FILE            send FILE's bytes as the body of every invocation [payload.file]",
                    "--payload-sizes 0,1K,1M   one cell per size, of seeded random bytes (1K = 1024) [payload.sizes]",
                    "--workload KIND           sequential | closed | poisson | trace [workload=sequential]",
                    "--cycles N                sequential/closed: passes over the function list [cycles=10]",
                    "--concurrency N           closed: concurrent clients [concurrency=1]",
                    "--rate PER_S              poisson: mean arrivals per second [poisson.rate=1]",
                    "--duration S              poisson: seconds of arrivals [poisson.duration=60]",
                    "--count N                 poisson: exactly N arrivals (overrides --duration) [poisson.count]",
                    "--pick HOW                poisson: function per arrival, round-robin | random [poisson.pick=round-robin]",
                    "--trace FILE              trace: Azure Functions 2019 per-minute trace (CSV) [trace.file=workloads/azure-synthetic.d01.csv]",
                    "--time-compression X      trace: trace time / wall time (60: a minute per second) [trace.time-compression=60]",
                    "--trace-minutes FROM-TO   trace: minutes to replay, 1-based, inclusive (default: all) [trace.minutes]",
                    "--seed N                  seed of every random choice: schedule, payload bytes [seed=42]",
                    "--run-id ID               tag of this run in metrics.csv (default: run-<UTC timestamp>) [run.id]",
                    "--no-register             skip registration (the gateway already has the nodes and functions)",
                    "--no-progress             no progress bar on stderr",
                    "-h, --help                    show this help"}) {
                assertTrue(r.out().contains(line + "\n"), "'" + line + "' in:\n" + r.out());
            }
            assertTrue(r.out().contains("Commands:\n  run ") && r.out().contains("\n  invoke ") && r.out().contains("\n  help "),
                    r.out());
        }
        assertEquals(Cli.run(dir, "--help").out(), Cli.run(dir, "-h").out());
        assertEquals(Cli.run(dir, "run", "--help").out(), Cli.run(dir, "help", "run").out());
    }

    @Test
    void registeringNodesWithoutTheClustersKeyOrAPasswordExitsTwo() throws Exception {
        Files.delete(dir.resolve(".testbed/ssh/id_ed25519"));
        assertBadInput("ssh.password (in built-in defaults): no password is set and no key file exists", "register");
    }

    private void assertBadInput(String expected, String... args) {
        Cli.Result r = Cli.run(dir, args);
        assertEquals(2, r.code(), r.toString());
        String[] lines = r.err().split("\n");
        assertTrue(lines[0].startsWith("error: ") && lines[0].contains(expected), "'" + expected + "' in:\n" + r);
        assertTrue(lines[1].contains("--help"), "a usage hint follows: " + r);
        assertEquals(2, lines.length, "one error line and the hint, no stack trace: " + r);
        assertEquals("", r.out(), "nothing on stdout: " + r);
    }

    @Test
    void commandLineMistakesExitTwoWithOneLine() {
        assertBadInput("unknown flag --bogus", "--bogus");
        assertBadInput("unknown flag --bogus", "register", "--bogus=1");
        assertBadInput("unknown flag --keep-alive (did you mean --keep-alives?)", "--keep-alive", "lru");
        assertBadInput("unknown command 'launch' (commands: run, register, invoke, deploy, help)", "launch");
        assertBadInput("--cycles needs a value (N)", "--cycles");
        assertBadInput("--gateway needs a value (URL)", "invoke", "f", "--gateway");
        assertBadInput("--payload needs a value (FILE)", "--payload", "--no-register");
        assertBadInput("option '--no-progress' should be specified without 'yes' parameter", "--no-progress=yes");
        assertBadInput("--keep-alives is not an option of 'register'", "register", "--keep-alives", "lru");
        assertBadInput("help takes one command name (run, register, invoke, deploy), got: nothing", "help", "nothing");
        Cli.Result r = Cli.run(dir, "register", "--cycles", "1");
        assertTrue(r.err().endsWith("Run 'java -jar client/target/client.jar register --help' for usage.\n"),
                "the hint names the command: " + r);
    }

    @Test
    void badValuesOfNumericFlagsExitTwoNamingTheFlag() {
        // Flags and file lines share ConfigReader's checks, so a flag's error names the flag, in both value forms.
        assertBadInput("--cycles: expected an integer >= 1, got 'abc'", "--cycles=abc");
        assertBadInput("--concurrency: expected an integer >= 1, got '-2'", "--workload", "closed", "--concurrency", "-2");
        assertBadInput("--rate: expected a number > 0, got 'fast'", "--workload=poisson", "--rate=fast");
        assertBadInput("--count: expected an integer >= 1 (or nothing), got '2.5'", "--workload", "poisson", "--count", "2.5");
        assertBadInput("--seed: expected an integer, got '1e3'", "--seed", "1e3");
        assertBadInput("--prepared-nodes: expected an integer >= 0 (or nothing), got 'all'", "--prepared-nodes=all");
        assertBadInput("--time-compression: expected a number > 0, got '0'", "--workload", "trace", "--time-compression", "0");
        assertBadInput("--gateway: expected an http:// or https:// URL, got 'ftp://h'", "invoke", "f", "--gateway=ftp://h");
    }

    @Test
    void flagsInTheEqualsFormOverrideTheFile() throws Exception {
        Files.writeString(dir.resolve("workload.properties"), "cycles = 3\nworkload = closed\n");
        // The file's valid cycles are overridden: the error is the flag's, so the flag won.
        assertBadInput("--cycles: expected an integer >= 1, got '0'", "--cycles=0");
        assertBadInput("--concurrency applies to --workload closed, but the workload is sequential",
                "--workload=sequential", "--concurrency=2");
        Files.writeString(dir.resolve("other.properties"), "cycles = many\n");
        assertBadInput("cycles (in other.properties): expected an integer >= 1, got 'many'", "--config=other.properties");
    }

    @Test
    void badInputExitsTwoWithOneLine() throws Exception {
        assertBadInput("unknown flag --bogus", "--bogus");
        assertBadInput("--cycles: expected an integer >= 1, got 'abc'", "--cycles", "abc");
        assertBadInput("--cycles: expected an integer >= 1, got '0'", "--cycles=0");
        assertBadInput("unknown mode 'lukewarm'", "--modes", "cold,lukewarm");
        assertBadInput("unknown workload 'storm'", "--workload", "storm");
        assertBadInput("--config: no such file: nope.properties", "--config", "nope.properties");
        assertBadInput("invoke needs a FUNCTION name", "invoke");
        assertBadInput("trace file not found", "--workload", "trace", "--trace", "missing.csv", "--no-register");

        Files.writeString(dir.resolve("bad.csv"), "HashOwner,HashApp,HashFunction,Trigger,1,2\no,a,f,http,1\n");
        assertBadInput("malformed trace: bad.csv line 2: expected 6 fields", "--workload", "trace", "--trace", "bad.csv");

        Files.copy(TestFiles.syntheticTrace(), dir.resolve("day.csv"));
        assertBadInput("goes past the trace's last minute", "--workload", "trace", "--trace", "day.csv", "--trace-minutes", "1400-1500");

        Files.writeString(dir.resolve("workload.properties"), "cycles = many\n");
        assertBadInput("cycles (in workload.properties): expected an integer >= 1, got 'many'");
    }

    @Test
    void badPathsAndPayloadsExitTwo() throws Exception {
        assertBadInput("--paths: unknown path 'docker' (known: handler, exec)", "--paths", "handler,docker");
        assertBadInput("--payload-sizes: expected a size in bytes with an optional K or M suffix", "--payload-sizes", "1K,2G");
        assertBadInput("--payload: a payload file and payload sizes (--payload-sizes) exclude each other",
                "--payload", "p.bin", "--payload-sizes", "1K");
        // Checked before anything is sent (the default gateway URL has nothing listening in a test).
        assertBadInput("payload file not found: ", "--payload", "missing.bin", "--no-register");
        assertBadInput("payload file not found: ", "invoke", "f", "--payload", "missing.bin");
        assertBadInput("--payload-sizes is not an option of 'invoke'", "invoke", "f", "--payload-sizes", "1K");
        Files.writeString(dir.resolve("workload.properties"), "payload.file=gone.bin\n");
        assertBadInput("payload file not found: ", "--no-register");
    }

    @Test
    void badKeepAlivesAndPoolSettingsExitTwo() throws Exception {
        assertBadInput("--keep-alives: 'fixed-ttl:' is not a keep-alive policy", "--modes", "dynamic", "--keep-alives", "fixed-ttl:");
        assertBadInput("--keep-alives applies to mode dynamic, but the modes are cold,pre-warmed,warmed", "--keep-alives", "lru");
        Files.writeString(dir.resolve("workload.properties"), "function.fib-native.max-containers=-2\n");
        assertBadInput("function.fib-native.max-containers (in workload.properties): expected an integer >= 0", "register");
        Files.writeString(dir.resolve("workload.properties"), "function.fib-python.memory=lots\n");
        assertBadInput("function.fib-python.memory (in workload.properties): expected an integer >= 6 (MB", "--modes", "dynamic");
    }
}
