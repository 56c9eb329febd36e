package faastestbed.gateway.api;

/**
 * Numbers in query strings, parsed here rather than by JAX-RS: a parameter typed {@code Integer} that does not parse
 * makes the framework answer 404, which tells a caller nothing about the mistake.
 */
final class QueryParams {
    private QueryParams() {
    }

    /** A whole number, or null when absent; 400 naming the parameter otherwise. */
    static Integer number(String what, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(what + " must be a whole number, not '" + (text.length() > 40
                    ? text.substring(0, 40) + "..." : text) + "'");
        }
    }

    /** {@code ?limit=}: {@code fallback} when absent, 400 outside 1..max. */
    static int limit(String text, int fallback, int max) {
        Integer given = number("limit", text);
        int n = given == null ? fallback : given;
        if (n < 1 || n > max) {
            throw ApiException.badRequest("limit must be between 1 and " + max + ", not " + n);
        }
        return n;
    }
}
