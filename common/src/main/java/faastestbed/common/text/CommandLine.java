package faastestbed.common.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command given as one string into argv the way a user expects (whitespace separates, double or single
 * quotes group, backslash escapes in double quotes) without ever invoking a shell: nothing is expanded.
 * Used alike for commands in workload.properties (client) and commands sent as one string to the gateway.
 */
public final class CommandLine {
    private CommandLine() {
    }

    /** @throws IllegalArgumentException on an unclosed quote */
    public static List<String> split(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()
                        && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                    cur.append(line.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    args.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
            } else {
                cur.append(c);
                inArg = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("command has an unclosed " + quote + " quote: " + line);
        }
        if (inArg) {
            args.add(cur.toString());
        }
        return List.copyOf(args);
    }
}
