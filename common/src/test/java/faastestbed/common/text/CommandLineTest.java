package faastestbed.common.text;

import org.junit.jupiter.api.Test;

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
    void unclosedQuoteIsAnError() {
        for (String bad : List.of("echo 'abc", "echo \"abc", "\"", "'", "\"a\\\"", "it's")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CommandLine.split(bad), bad);
            assertTrue(e.getMessage().contains("unclosed"), e.getMessage());
        }
    }
}
