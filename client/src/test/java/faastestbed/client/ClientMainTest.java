package faastestbed.client;

import faastestbed.client.workload.TestFiles;
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

    private void assertBadInput(String expected, String... args) {
        Cli.Result r = Cli.run(dir, args);
        assertEquals(2, r.code(), r.toString());
        String[] lines = r.err().split("\n");
        assertTrue(lines[0].startsWith("error: ") && lines[0].contains(expected), "'" + expected + "' in:\n" + r);
        assertTrue(lines[1].contains("--help"), "a usage hint follows: " + r);
        assertEquals("", r.out(), "nothing on stdout: " + r);
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
