package faastestbed.gateway.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ShellQuoteTest {

    @TempDir
    Path dir;

    /** Runs printf with the quoted arguments through a real POSIX shell, as sshd would hand them to the login shell. */
    private static String shellPrint(List<String> args, Path cwd) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "printf '%s\\n' " + ShellQuote.join(args));
        pb.directory(cwd.toFile());
        pb.environment().put("HOME", cwd.resolve("home").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "shell did not finish");
        assertEquals(0, p.exitValue(), () -> "shell failed: " + new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void hostileArgumentsReachTheProgramVerbatimAndDoNothing() throws Exception {
        Path marker = dir.resolve("pwned");
        Files.writeString(dir.resolve("some-file.txt"), "x");
        String m = marker.toString();
        List<String> args = List.of(
                "; rm -rf /",
                "; touch " + m,
                "$(touch " + m + ")",
                "`touch " + m + "`",
                "a'b",
                "'",
                "''",
                "'; touch " + m + "; '",
                "\"",
                "\"$(touch " + m + ")\"",
                "\\",
                "back\\slash\\'",
                "line1\nline2",
                "\n",
                "*",
                "$HOME",
                "${HOME}",
                "~",
                "| touch " + m,
                "&& touch " + m,
                "> " + m,
                "-n",
                "--",
                "%s %d",
                "tab\there",
                "",
                "ünïcødé ✓");
        String out = shellPrint(args, dir);
        StringBuilder expected = new StringBuilder();
        for (String a : args) {
            expected.append(a).append('\n');
        }
        assertEquals(expected.toString(), out);
        assertFalse(Files.exists(marker), "an argument was executed by the shell");
        assertTrue(Files.exists(dir.resolve("some-file.txt")));
    }

    @Test
    void eachArgumentIsOneWord() throws Exception {
        // printf re-uses its format per argument: one output line per argument proves no splitting or globbing
        List<String> args = new ArrayList<>(List.of("a b", "*", "c  d", " "));
        assertEquals("a b\n*\nc  d\n \n", shellPrint(args, dir));
    }

    @Test
    void quoteShapes() {
        assertEquals("''", ShellQuote.quote(""));
        assertEquals("'abc'", ShellQuote.quote("abc"));
        assertEquals("'a'\\''b'", ShellQuote.quote("a'b"));
        assertEquals("'docker' 'ps' '-a'", ShellQuote.join(List.of("docker", "ps", "-a")));
    }

    @Test
    void nulIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ShellQuote.quote("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> ShellQuote.join(List.of("echo", "\0")));
    }

    @Test
    void emptyCommandIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ShellQuote.join(List.of()));
    }
}
