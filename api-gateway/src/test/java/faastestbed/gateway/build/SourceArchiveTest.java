package faastestbed.gateway.build;

import faastestbed.gateway.domain.TestbedException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceArchiveTest {
    static final SourceArchive.Limits LIMITS = new SourceArchive.Limits(1 << 20, 100);
    static final String BASE = "registry:5000/base:latest";

    @Test
    void aDockerfileAtTheRootIsBuiltAsGivenEvenNextToAHandler() {
        byte[] gz = TarGz.of("Dockerfile", "FROM x\n", "handler.py", "def handle(b): return b\n");
        SourceArchive a = SourceArchive.read(gz, LIMITS);
        assertEquals(SourceKind.DOCKERFILE, a.kind());
        assertArrayEquals(gz, a.context(BASE), "the archive goes to the node untouched");
        assertTrue(a.kind().defaultCommand().isEmpty(), "only the caller knows a Dockerfile's command");
    }

    @Test
    void aPythonHandlerGetsAGeneratedDockerfileOnTheBaseAndTheRuntimeAsItsHandler() {
        SourceArchive a = SourceArchive.read(TarGz.of("./handler.py", "def handle(b): return b\n", "./lib/util.py", "x = 1\n"),
                LIMITS);
        assertEquals(SourceKind.PYTHON, a.kind());
        assertFalse(a.hasRequirements());
        assertEquals(List.of("handler.py", "lib/util.py"), a.paths(), "'./' dropped");
        Map<String, String> context = TarGz.read(a.context(BASE));
        assertEquals(List.of("Dockerfile", "handler.py", "lib/util.py"), List.copyOf(context.keySet()));
        String dockerfile = context.get("Dockerfile");
        assertTrue(dockerfile.contains("FROM " + BASE + "\nCOPY . /app/\n"), dockerfile);
        assertTrue(dockerfile.contains("CMD [\"python3\", \"/runtime/faas_runtime.py\", \"/app/handler.py\"]"), dockerfile);
        assertFalse(dockerfile.contains("pip"), "no requirements, no pip");
        assertEquals(List.of("python3", "/runtime/faas_runtime.py", "--once", "/app/handler.py"),
                a.kind().defaultCommand().orElseThrow());
    }

    @Test
    void requirementsAreInstalledInAStageOfTheirOwnAndPutOnThePath() {
        SourceArchive a = SourceArchive.read(TarGz.of("handler.py", "import six\n", "requirements.txt", "six\n"), LIMITS);
        assertTrue(a.hasRequirements());
        String dockerfile = TarGz.read(a.context(BASE)).get("Dockerfile");
        assertTrue(dockerfile.contains("FROM " + BASE + " AS deps\n"), dockerfile);
        assertTrue(dockerfile.contains("pip install --no-cache-dir --target /deps/site -r /deps/requirements.txt"), dockerfile);
        assertTrue(dockerfile.contains("COPY --from=deps /deps/site /deps/site\nENV PYTHONPATH=/deps/site\n"), dockerfile);
    }

    @Test
    void anExecutableHandlerRunsUnderTheWatchdogAndIsMadeExecutable() {
        SourceArchive a = SourceArchive.read(new TarGz().file("handler", "#!/bin/sh\ncat\n", 0644).bytes(), LIMITS);
        assertEquals(SourceKind.EXECUTABLE, a.kind());
        Map<String, String> context = TarGz.read(a.context(BASE));
        assertTrue(context.get("handler").startsWith("0755:"), context.get("handler"));
        assertTrue(context.get("Dockerfile").contains("CMD [\"/watchdog\", \"/app/handler\"]"));
        assertEquals(List.of("/watchdog", "/app/handler"), a.kind().defaultHandler().orElseThrow());
    }

    @Test
    void linksThatStayInsideAreFine() {
        SourceArchive a = SourceArchive.read(new TarGz().file("handler.py", "x", 0644).file("lib/a.py", "", 0644)
                .link("lib/b.py", "a.py", true).link("lib/c.py", "../handler.py", true).link("d.py", "lib/a.py", false)
                .bytes(), LIMITS);
        assertEquals(5, a.paths().size());
    }

    @Test
    void refusesWhatIsNotASafeTarGzOfAKnownKind() {
        assertBad("does not start as gzip", "not an archive".getBytes(StandardCharsets.UTF_8));
        assertBad("does not start as gzip", new byte[0]);
        assertBad("cannot be read as a tar.gz", new byte[]{0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        assertBad("absolute path", new TarGz().file("/etc/handler.py", "x", 0644).bytes());
        assertBad("'..'", new TarGz().file("handler.py", "x", 0644).file("a/../../evil", "x", 0644).bytes());
        assertBad("points outside the archive", new TarGz().file("handler.py", "x", 0644).link("lib/x", "../../etc/passwd", true).bytes());
        assertBad("points to an absolute path", new TarGz().file("handler.py", "x", 0644).link("x", "/etc/passwd", true).bytes());
        assertBad("not an earlier entry", new TarGz().file("handler.py", "x", 0644).link("x", "nowhere", false).bytes());
        assertBad("special file", new TarGz().file("handler.py", "x", 0644).fifo("pipe").bytes());
        assertBad("no Dockerfile, handler.py or handler at the archive's root (found: README)",
                TarGz.of("README", "hello"));
        assertBad("pack the folder's contents, not the folder", TarGz.of("fn/handler.py", "x", "fn/util.py", "y"));
        assertBad("no Dockerfile", new TarGz().link("handler.py", "elsewhere.py", true).file("elsewhere.py", "", 0644).bytes());
    }

    @Test
    void refusesArchivesBeyondTheLimitsAsTooLarge() {
        TarGz many = new TarGz().file("handler.py", "x", 0644);
        for (int i = 0; i < 3; i++) {
            many.file("f" + i, "", 0644);
        }
        TestbedException e = assertThrows(TestbedException.class,
                () -> SourceArchive.read(many.bytes(), new SourceArchive.Limits(1000, 3)));
        assertEquals(TestbedException.Kind.TOO_LARGE, e.kind());
        // A small gzip that unpacks to much more: the unpacked size counts, not the body's.
        e = assertThrows(TestbedException.class, () -> SourceArchive.read(TarGz.of("handler.py", "a".repeat(5000)),
                new SourceArchive.Limits(4096, 10)));
        assertEquals(TestbedException.Kind.TOO_LARGE, e.kind());
        assertTrue(e.getMessage().contains("unpacks to more than 4096 bytes"), e.getMessage());
    }

    @Test
    void aGzipOfSomethingElseIsNotATar() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write("def handle(b): return b\n".repeat(40).getBytes(StandardCharsets.UTF_8));
        }
        TestbedException e = assertThrows(TestbedException.class, () -> SourceArchive.read(out.toByteArray(), LIMITS));
        assertEquals(TestbedException.Kind.BAD_INPUT, e.kind());
    }

    private static void assertBad(String expected, byte[] gz) {
        TestbedException e = assertThrows(TestbedException.class, () -> SourceArchive.read(gz, LIMITS));
        assertEquals(TestbedException.Kind.BAD_INPUT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
