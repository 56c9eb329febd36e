package faastestbed.client.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line from the configuration into an argv array for the gateway.
 * No shell ever runs it (fib-native's image has none), so only the minimum of shell syntax is supported:
 * whitespace separates arguments, double quotes group (a {@code "..."} may contain spaces), and inside
 * quotes {@code \"} and {@code \\} escape. Nothing is expanded.
 */
public final class CommandSplitter {
    private CommandSplitter() {
    }

    /** @throws IllegalArgumentException on an unterminated quote */
    public static List<String> split(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArg = false;   // distinguishes an empty quoted argument ("") from no argument at all
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    quoted = false;
                } else if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                    current.append(line.charAt(++i));
                } else {
                    current.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    args.add(current.toString());
                    current.setLength(0);
                    inArg = false;
                }
            } else if (c == '"') {
                quoted = true;
                inArg = true;
            } else {
                current.append(c);
                inArg = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated double quote in: " + line);
        }
        if (inArg) {
            args.add(current.toString());
        }
        return List.copyOf(args);
    }
}
