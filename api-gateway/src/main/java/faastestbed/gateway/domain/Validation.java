package faastestbed.gateway.domain;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Input rules. Values reach the node only as single-quoted shell arguments, so these rules are a second line of
 * defence and, more usefully, give early and clear errors (and keep a value from being read as a docker option).
 */
public final class Validation {
    /** Also used in container names, so Docker's own name rule, a little shorter. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[?[0-9A-Fa-f:.]{2,45}]?");
    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}");
    /** Docker reference: [registry[:port]/]path[:tag][@digest], lower-case path. */
    private static final Pattern IMAGE = Pattern.compile(
            "([A-Za-z0-9][A-Za-z0-9.-]*(:[0-9]{1,5})?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*"
                    + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?");
    public static final int MAX_ARGS = 64;
    public static final int MAX_ARG_LENGTH = 4096;
    /** Longest name, host, user or image accepted at all; longer ones are refused without looking further. */
    public static final int MAX_FIELD_LENGTH = 255;

    private Validation() {
    }

    public static String name(String what, String value) {
        String v = required(what, value, 63);
        if (!NAME.matcher(v).matches()) {
            throw TestbedException.badInput(what + " '" + clip(v) + "' is invalid: use 1-63 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        return v;
    }

    public static String host(String value) {
        String v = required("host", value);
        if (!HOST.matcher(v).matches()) {
            throw TestbedException.badInput("host '" + clip(v) + "' is not a host name or IP address");
        }
        return v;
    }

    public static int port(Integer value) {
        int p = value == null ? 22 : value;
        if (p < 1 || p > 65535) {
            throw TestbedException.badInput("port must be between 1 and 65535, was " + p);
        }
        return p;
    }

    public static String username(String value) {
        String v = required("username", value);
        if (!USER.matcher(v).matches()) {
            throw TestbedException.badInput("username '" + clip(v) + "' is invalid");
        }
        return v;
    }

    public static String image(String value) {
        String v = required("image", value);
        if (v.length() > 255 || !IMAGE.matcher(v).matches()) {
            throw TestbedException.badInput("image '" + clip(v) + "' is not a valid image reference "
                    + "(e.g. registry:5000/fib-python:latest)");
        }
        return v;
    }

    public static List<String> command(String what, List<String> argv) {
        if (argv == null || argv.isEmpty()) {
            throw TestbedException.badInput(what + " must not be empty");
        }
        if (argv.size() > MAX_ARGS) {
            throw TestbedException.badInput(what + " has " + argv.size() + " arguments; at most " + MAX_ARGS);
        }
        for (String a : argv) {
            if (a == null) {
                throw TestbedException.badInput(what + " contains a null argument");
            }
            if (a.length() > MAX_ARG_LENGTH) {
                throw TestbedException.badInput(what + " has an argument longer than " + MAX_ARG_LENGTH + " characters");
            }
            controlCharacters(what, a, true);
        }
        if (argv.get(0).isBlank()) {
            throw TestbedException.badInput(what + " must start with a program name");
        }
        return List.copyOf(argv);
    }

    /**
     * Refuses NUL and the other control characters (C0, DEL, C1) in a text field, naming the field and where the
     * first one is: trimming them away would silently register something other than what was sent.
     *
     * @param lineBreaksAndTabs whether tab, line feed and carriage return are allowed (arguments of a command may
     *                          hold a script; names may not)
     * @return the value
     */
    public static String controlCharacters(String what, String value, boolean lineBreaksAndTabs) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(lineBreaksAndTabs && (c == '\t' || c == '\n' || c == '\r'))) {
                throw TestbedException.badInput(what + " contains " + (c == 0 ? "a NUL character" : "a control character")
                        + String.format(java.util.Locale.ROOT, " (U+%04X at position %d)", (int) c, i + 1) + "; it is not allowed there");
            }
        }
        return value;
    }

    /** Present, free of control characters, no longer than {@code max}, and then trimmed of spaces. */
    private static String required(String what, String value) {
        return required(what, value, MAX_FIELD_LENGTH);
    }

    private static String required(String what, String value, int max) {
        if (value == null || value.isEmpty()) {
            throw TestbedException.badInput(what + " is required");
        }
        if (value.length() > max && value.trim().length() > max) {
            throw TestbedException.badInput(what + " is " + value.length() + " characters long; at most " + max);
        }
        controlCharacters(what, value, false);
        if (value.isBlank()) {
            throw TestbedException.badInput(what + " is required");
        }
        return value.trim();
    }

    private static String clip(String v) {
        return v.length() > 80 ? v.substring(0, 80) + "..." : v;
    }
}
