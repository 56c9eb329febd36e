package faastestbed.gateway.ssh;

import java.util.List;
import java.util.stream.Collectors;

/**
 * SSH hands a command line to the remote user's shell, so every argument is single-quoted: inside single
 * quotes a POSIX shell expands nothing ({@code ;}, {@code $(...)}, backticks and {@code "} are plain text),
 * and an embedded single quote is closed, escaped and reopened.
 */
public final class ShellQuote {
    private ShellQuote() {
    }

    public static String quote(String arg) {
        if (arg.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("argument contains a NUL byte");
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    public static String join(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return argv.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}
