package faastestbed.client.cli;

import faastestbed.client.config.BadInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliParserTest {
    private static String error(String... args) {
        return assertThrows(BadInputException.class, () -> CliParser.parse(args)).getMessage();
    }

    @Test
    void runIsTheDefault() throws Exception {
        CommandLine cl = CliParser.parse(new String[0]);
        assertEquals(Command.RUN, cl.command());
        assertTrue(cl.overrides().isEmpty());
    }

    @Test
    void flagsBecomeKeyOverridesInBothForms() throws Exception {
        CommandLine cl = CliParser.parse(new String[]{"--cycles", "5", "run", "--modes=cold,warmed", "--no-progress",
                "--config", "x.properties", "--no-register"});
        assertEquals(Command.RUN, cl.command());
        assertEquals(List.of(new CommandLine.Override("cycles", "5", "--cycles"),
                new CommandLine.Override("modes", "cold,warmed", "--modes")), cl.overrides());
        assertEquals("x.properties", cl.configFile());
        assertTrue(cl.noProgress() && cl.noRegister());
    }

    @Test
    void pathAndPayloadFlagsOverrideTheirKeys() throws Exception {
        CommandLine cl = CliParser.parse(new String[]{"--paths", "handler,exec", "--payload-sizes=0,1K", "--payload", "p.bin"});
        assertEquals(List.of(new CommandLine.Override("paths", "handler,exec", "--paths"),
                new CommandLine.Override("payload.sizes", "0,1K", "--payload-sizes"),
                new CommandLine.Override("payload.file", "p.bin", "--payload")), cl.overrides());
        assertEquals(List.of(new CommandLine.Override("payload.file", "p.bin", "--payload")),
                CliParser.parse(new String[]{"invoke", "echo", "--payload", "p.bin"}).overrides());
    }

    @Test
    void keepAlivesKeepTheirColons() throws Exception {
        assertEquals(List.of(new CommandLine.Override("keep-alives", "lru,fixed-ttl:30s", "--keep-alives")),
                CliParser.parse(new String[]{"--keep-alives", "lru,fixed-ttl:30s"}).overrides());
        assertEquals(List.of(new CommandLine.Override("keep-alives", "fixed-ttl:1m=x", "--keep-alives")),
                CliParser.parse(new String[]{"--keep-alives=fixed-ttl:1m=x"}).overrides(), "split at the first '=' only");
        assertEquals("--keep-alives is not an option of 'register'", error("register", "--keep-alives", "lru"));
        assertEquals("--keep-alives needs a value (A,B)", error("--keep-alives"));
    }

    @Test
    void invokeTakesOneFunction() throws Exception {
        CommandLine cl = CliParser.parse(new String[]{"invoke", "fib-native", "--gateway", "http://h:1"});
        assertEquals(Command.INVOKE, cl.command());
        assertEquals(List.of("fib-native"), cl.arguments());
        assertEquals("invoke needs a FUNCTION name", error("invoke"));
        assertTrue(error("invoke", "a", "b").startsWith("invoke takes one FUNCTION"));
    }

    @Test
    void helpWinsOverEverythingElse() throws Exception {
        assertTrue(CliParser.parse(new String[]{"invoke", "--help"}).help());
        assertTrue(CliParser.parse(new String[]{"-h"}).help());
        assertEquals(Command.HELP, CliParser.parse(new String[]{"help", "run"}).command());
    }

    @Test
    void badCommandLines() {
        assertEquals("unknown flag --bogus", error("--bogus"));
        assertEquals("unknown flag -x", error("-x"));
        assertEquals("--cycles needs a value (N)", error("--cycles"));
        assertEquals("--no-progress takes no value", error("--no-progress=yes"));
        assertTrue(error("launch").startsWith("unknown command 'launch'"));
        assertEquals("--cycles is not an option of 'invoke'", error("invoke", "f", "--cycles", "3"));
        assertEquals("--modes is not an option of 'register'", error("register", "--modes", "cold"));
        assertEquals("--paths is not an option of 'register'", error("register", "--paths", "exec"));
        assertEquals("--payload is not an option of 'register'", error("register", "--payload", "p.bin"));
        assertEquals("--payload-sizes needs a value (0,1K,1M)", error("--payload-sizes"));
        assertEquals("unexpected argument 'extra' for 'run'", error("run", "extra"));
        assertTrue(error("help", "nothing").startsWith("help takes one command name"));
    }
}
