package faastestbed.gateway;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The REST layer ({@code api}) may use the domain, never the other way round: the domain throws
 * {@code TestbedException} and takes its own input types, and only {@code api} knows HTTP and the JSON bodies.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src", "main", "java", "faastestbed", "gateway");
    private static final String API = "faastestbed.gateway.api.";

    @Test
    void nothingOutsideApiUsesApi() throws IOException {
        assertTrue(Files.isDirectory(MAIN.resolve("api")), "run from the api-gateway module: " + MAIN.toAbsolutePath());
        List<String> offenders;
        try (Stream<Path> files = Files.walk(MAIN)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(MAIN.resolve("api")))
                    .filter(LayeringTest::mentionsApi)
                    .map(p -> MAIN.relativize(p).toString())
                    .sorted()
                    .toList();
        }
        assertEquals(List.of(), offenders, "these domain files use " + API + "*");
    }

    /** Imports and fully qualified names alike. */
    private static boolean mentionsApi(Path file) {
        try {
            return Files.readString(file).contains(API);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
