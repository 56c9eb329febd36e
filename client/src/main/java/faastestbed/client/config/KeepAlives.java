package faastestbed.client.config;

import java.util.regex.Pattern;

/**
 * Keep-alive policies of the dynamic mode as the client handles them: a name and an optional argument after a
 * colon ({@code lru}, {@code fixed-ttl:30s}). Which names exist is the gateway's business; the client only makes
 * sure a value can travel in a cell tag.
 */
public final class KeepAlives {
    /** Long enough for any name plus an argument, short enough to leave room in a cell tag (the gateway's limit is 100). */
    public static final int MAX_LENGTH = 40;

    /** No '/' or ',': a tag's segments are split on '/', and lists on ','. */
    private static final Pattern SPEC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(:[A-Za-z0-9._:+-]+)?");

    private KeepAlives() {
    }

    public static boolean isValid(String spec) {
        return spec != null && spec.length() <= MAX_LENGTH && SPEC.matcher(spec).matches();
    }

    /** The policy's name: "fixed-ttl" of "fixed-ttl:30s". */
    public static String name(String spec) {
        int colon = spec.indexOf(':');
        return colon < 0 ? spec : spec.substring(0, colon);
    }
}
