package faastestbed.client.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CommandSplitterTest {
    @Test
    void splitsOnWhitespace() {
        assertEquals(List.of("python3", "/app/fib.py", "20000"), CommandSplitter.split("python3 /app/fib.py 20000"));
        assertEquals(List.of("/fib", "--idle"), CommandSplitter.split("  /fib\t --idle  "));
        assertEquals(List.of(), CommandSplitter.split("   "));
    }

    @Test
    void doubleQuotesGroupAndEscape() {
        assertEquals(List.of("sh", "-c", "echo hi there"), CommandSplitter.split("sh -c \"echo hi there\""));
        assertEquals(List.of("a\"b", ""), CommandSplitter.split("\"a\\\"b\" \"\""));
        assertEquals(List.of("prefix-x y-suffix"), CommandSplitter.split("prefix-\"x y\"-suffix"));
        assertEquals(List.of("it's"), CommandSplitter.split("it's"), "single quotes are plain characters");
    }

    @Test
    void unterminatedQuoteIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> CommandSplitter.split("echo \"oops"));
    }
}
