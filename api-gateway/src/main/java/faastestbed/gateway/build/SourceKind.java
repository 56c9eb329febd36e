package faastestbed.gateway.build;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a source archive is, told by the file at its root: a {@code Dockerfile} is built as given; {@code handler.py}
 * runs under the Python runtime; an executable {@code handler} runs under the watchdog. The runtimes' argv are the
 * registration's defaults, so a caller names neither for the two generated kinds.
 */
public enum SourceKind {
    DOCKERFILE("Dockerfile", List.of(), List.of()),
    PYTHON("handler.py", List.of("python3", "/runtime/faas_runtime.py", "--once", "/app/handler.py"),
            List.of("python3", "/runtime/faas_runtime.py", "/app/handler.py")),
    EXECUTABLE("handler", List.of("/app/handler"), List.of("/watchdog", "/app/handler"));

    private final String marker;
    private final List<String> command;
    private final List<String> handler;

    SourceKind(String marker, List<String> command, List<String> handler) {
        this.marker = marker;
        this.command = command;
        this.handler = handler;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The root file that makes an archive this kind. */
    public String marker() {
        return marker;
    }

    /** The exec path's argv; empty for a Dockerfile, whose command only the caller knows. */
    public Optional<List<String>> defaultCommand() {
        return command.isEmpty() ? Optional.empty() : Optional.of(command);
    }

    /** The resident handler's argv; empty for a Dockerfile (the caller may name one). */
    public Optional<List<String>> defaultHandler() {
        return handler.isEmpty() ? Optional.empty() : Optional.of(handler);
    }
}
