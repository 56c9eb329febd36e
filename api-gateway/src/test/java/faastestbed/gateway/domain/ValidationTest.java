package faastestbed.gateway.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationTest {

    /** BAD_INPUT is answered with 400 (ErrorMappersTest). */
    private static TestbedException bad(org.junit.jupiter.api.function.Executable call) {
        TestbedException e = assertThrows(TestbedException.class, call);
        assertEquals(TestbedException.Kind.BAD_INPUT, e.kind());
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"node1", "n", "fib-python", "Fib_2.v1", "9lives", "a123456789012345678901234567890123456789012345678901234567890ab"})
    void goodNames(String n) {
        assertEquals(n, Validation.name("function name", n));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-x", ".x", "_x", "a b", "x;rm", "a/b", "a$b", "é", "a\nb",
            "a1234567890123456789012345678901234567890123456789012345678901abc"})
    void badNames(String n) {
        TestbedException e = bad(() -> Validation.name("node name", n));
        assertTrue(e.getMessage().startsWith("node name"), e.getMessage());
    }

    @Test
    void namesAreRequiredAndTrimmed() {
        assertTrue(bad(() -> Validation.name("node name", null)).getMessage().contains("required"));
        assertTrue(bad(() -> Validation.name("node name", "  ")).getMessage().contains("required"));
        assertEquals("n1", Validation.name("node name", " n1 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ssh-node-1", "192.168.1.10", "127.0.0.1", "localhost", "node-7.lan", "::1", "[::1]",
            "fe80::1", "A1"})
    void goodHosts(String h) {
        assertEquals(h, Validation.host(h));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-oProxyCommand=x", "a b", "x;rm", "host/path", "user@host", "$(id)", ".", "a_b"})
    void badHosts(String h) {
        bad(() -> Validation.host(h));
    }

    @Test
    void ports() {
        assertEquals(22, Validation.port(null));
        assertEquals(1, Validation.port(1));
        assertEquals(65535, Validation.port(65535));
        bad(() -> Validation.port(0));
        bad(() -> Validation.port(-1));
        bad(() -> Validation.port(65536));
    }

    @ParameterizedTest
    @ValueSource(strings = {"root", "testbed", "_svc", "user.name", "u-1"})
    void goodUsers(String u) {
        assertEquals(u, Validation.username(u));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-oX", "1user", "a b", "x;y", "a123456789012345678901234567890123"})
    void badUsers(String u) {
        bad(() -> Validation.username(u));
    }

    @ParameterizedTest
    @ValueSource(strings = {"registry:5000/fib-python:latest", "alpine", "alpine:3.20", "library/alpine",
            "my-registry.lan/org/app:v1.2_3", "localhost:5000/a/b/c", "fib-native",
            "alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void goodImages(String i) {
        assertEquals(i, Validation.image(i));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-v", "--privileged", "a b", "x;rm", "UPPER/Case", "Alpine", "alpine:", "alpine:-x",
            "-v/etc", "--privileged/x", "-p:80/x", ".registry/x", "registry:5000/", "/x", "a//b", "$(id)"})
    void badImages(String i) {
        TestbedException e = bad(() -> Validation.image(i));
        assertTrue(e.getMessage().contains("not a valid image reference"), e.getMessage());
    }

    @Test
    void imageRequiredAndBounded() {
        bad(() -> Validation.image(null));
        bad(() -> Validation.image(""));
        bad(() -> Validation.image("a".repeat(256)));
    }

    @Test
    void commands() {
        assertEquals(List.of("python", "-c", "print(1)"), Validation.command("command", List.of("python", "-c", "print(1)")));
        assertTrue(bad(() -> Validation.command("command", List.of())).getMessage().contains("must not be empty"));
        bad(() -> Validation.command("command", null));
        List<String> many = Collections.nCopies(Validation.MAX_ARGS + 1, "x");
        assertTrue(bad(() -> Validation.command("command", many)).getMessage().contains("at most " + Validation.MAX_ARGS));
        assertEquals(Validation.MAX_ARGS, Validation.command("command", Collections.nCopies(Validation.MAX_ARGS, "x")).size());
        assertTrue(bad(() -> Validation.command("command", List.of("echo", "a\0b"))).getMessage().contains("NUL"));
        bad(() -> Validation.command("command", List.of("echo", "x".repeat(Validation.MAX_ARG_LENGTH + 1))));
        bad(() -> Validation.command("command", Arrays.asList("echo", null)));
        bad(() -> Validation.command("command", List.of(" ", "x")));
        List<String> mutable = new ArrayList<>(List.of("echo", ""));
        List<String> out = Validation.command("command", mutable);
        mutable.set(0, "changed");
        assertEquals(List.of("echo", ""), out);
    }

    /** Trimming used to remove these at the ends, so "node1\0" registered as node1: now they are refused. */
    @ParameterizedTest
    @ValueSource(strings = {"node1\0", "\0node1", "no\0de1", "node1\u0007", "\tnode1", "node1\n", "node1\r",
            "node1\u007f", "node1\u0085", "node1\u001b[31m"})
    void controlCharactersInNamesAreRefusedNotTrimmed(String n) {
        TestbedException e = bad(() -> Validation.name("function name", n));
        assertTrue(e.getMessage().startsWith("function name contains a"), e.getMessage());
        assertTrue(e.getMessage().contains("character (U+00"), e.getMessage());
    }

    @Test
    void controlCharacterMessageSaysWhichAndWhere() {
        assertEquals("node name contains a NUL character (U+0000 at position 6); it is not allowed there",
                bad(() -> Validation.name("node name", "node1\0")).getMessage());
        assertTrue(bad(() -> Validation.host("127.0.0.1\0")).getMessage().startsWith("host contains a NUL character"));
        assertTrue(bad(() -> Validation.username("root\u0001")).getMessage()
                .startsWith("username contains a control character (U+0001 at position 5)"));
        assertTrue(bad(() -> Validation.image("alpine\0")).getMessage().startsWith("image contains a NUL character"));
        assertTrue(bad(() -> Validation.image("\u0000")).getMessage().startsWith("image contains a NUL"));
    }

    @Test
    void argumentsMayHoldTabsAndLineBreaksButNoOtherControlCharacter() {
        List<String> script = List.of("sh", "-c", "echo a\n\techo b\r\n");
        assertEquals(script, Validation.command("handler", script));
        assertTrue(bad(() -> Validation.command("handler", List.of("python", "h.py\0"))).getMessage()
                .startsWith("handler contains a NUL character (U+0000 at position 5)"));
        assertTrue(bad(() -> Validation.command("keepAliveCommand", List.of("sleep", "1\u001b")))
                .getMessage().startsWith("keepAliveCommand contains a control character (U+001B"));
    }

    @Test
    void otherTextFieldsAreCheckedTheSameWay() {
        assertEquals(null, Validation.controlCharacters("runId", null, false));
        assertEquals("run-1", Validation.controlCharacters("runId", "run-1", false));
        assertTrue(bad(() -> Validation.controlCharacters("runId", "run-1\0", false)).getMessage()
                .startsWith("runId contains a NUL character"));
    }

    /** A megabyte-long value gets a short answer that says how long it was, not an echo of it. */
    @Test
    void overLongValuesGetShortMessages() {
        String huge = "a".repeat(1 << 20);
        for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> Validation.name("function name", huge), () -> Validation.host(huge),
                () -> Validation.username(huge), () -> Validation.image(huge),
                () -> Validation.name("function name", huge.substring(1) + "\0"))) {
            TestbedException e = bad(call);
            assertTrue(e.getMessage().length() < 200, () -> e.getMessage().length() + ": " + e.getMessage().substring(0, 100));
            assertTrue(e.getMessage().contains("1048576 characters long"), e.getMessage());
        }
        assertEquals("function name is 64 characters long; at most 63",
                bad(() -> Validation.name("function name", "a".repeat(64))).getMessage());
    }
}
