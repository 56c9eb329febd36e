package faastestbed.client;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The client's edges, passed in so tests can run every command in-process.
 *
 * @param terminal whether a person watches (System.console() != null): redraw progress in place
 */
public record Io(Path workingDir, PrintStream out, PrintStream err, boolean terminal) {
    public static Io system() {
        return new Io(Path.of("").toAbsolutePath(), System.out, System.err, System.console() != null);
    }
}
