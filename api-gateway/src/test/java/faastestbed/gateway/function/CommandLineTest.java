package faastestbed.gateway.function;

import faastestbed.gateway.api.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

    @Test
    void whitespaceSeparates() {
        assertEquals(List.of("python", "/app/fib.py", "30"), CommandLine.split("python /app/fib.py 30"));
        assertEquals(List.of("a", "b"), CommandLine.split("  a \t\n b  "));
        assertEquals(List.of(), CommandLine.split(""));
        assertEquals(List.of(), CommandLine.split("   \t"));
    }

    @Test
    void quotesGroup() {
        assertEquals(List.of("sh", "-c", "echo hi; ls"), CommandLine.split("sh -c 'echo hi; ls'"));
        assertEquals(List.of("echo", "a  b"), CommandLine.split("echo \"a  b\""));
        assertEquals(List.of("abc d"), CommandLine.split("a'b'\"c d\""));
        assertEquals(List.of("echo", "", "x"), CommandLine.split("echo '' x"));
        assertEquals(List.of(""), CommandLine.split("\"\""));
    }

    @Test
    void quotesNestLiterally() {
        assertEquals(List.of("say \"hi\""), CommandLine.split("'say \"hi\"'"));
        assertEquals(List.of("it's"), CommandLine.split("\"it's\""));
    }

    @Test
    void backslashEscapesOnlyQuoteAndBackslashInDoubleQuotes() {
        assertEquals(List.of("a \"b\" c"), CommandLine.split("\"a \\\"b\\\" c\""));
        assertEquals(List.of("x\\y"), CommandLine.split("\"x\\\\y\""));
        assertEquals(List.of("x\\ny"), CommandLine.split("\"x\\ny\""));
        assertEquals(List.of("a\\b"), CommandLine.split("'a\\b'"));
        assertEquals(List.of("a\\", "b"), CommandLine.split("a\\ b"));
    }

    @Test
    void nothingIsExpanded() {
        assertEquals(List.of("echo", "$HOME", "*", "$(id)", "`id`", ";", "|"), CommandLine.split("echo $HOME * $(id) `id` ; |"));
    }

    @Test
    void unclosedQuoteIsA400() {
        for (String bad : List.of("echo 'abc", "echo \"abc", "\"", "'", "\"a\\\"")) {
            ApiException e = assertThrows(ApiException.class, () -> CommandLine.split(bad), bad);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("unclosed"), e.getMessage());
        }
    }

    @Test
    void functionSpecCopiesAndNamesItsWarmContainer() {
        List<String> cmd = new ArrayList<>(List.of("python", "fib.py"));
        FunctionSpec f = new FunctionSpec("fib", "registry:5000/fib-python:latest", cmd, FunctionSpec.DEFAULT_KEEP_ALIVE,
                Instant.EPOCH);
        cmd.add("changed");
        assertEquals(List.of("python", "fib.py"), f.command());
        assertThrows(UnsupportedOperationException.class, () -> f.command().add("x"));
        assertEquals("faas-warm-fib", f.warmContainerName());
        assertEquals(List.of("sleep", "infinity"), f.keepAliveCommand());
    }
}
