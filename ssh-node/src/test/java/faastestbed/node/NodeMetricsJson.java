package faastestbed.node;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the fields of one {@code node-metrics} JSON line (flat object of numbers and strings; no JSON library here). */
final class NodeMetricsJson {

    private final String json;

    NodeMetricsJson(String json) {
        this.json = json.trim();
        if (!this.json.startsWith("{") || !this.json.endsWith("}")) {
            throw new IllegalArgumentException("not a JSON object: " + json);
        }
    }

    double number(String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)")
                .matcher(json);
        if (!m.find()) {
            throw new AssertionError("field " + field + " missing in " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    /** A string field ({@code "engine":"up"}); fails when it is missing. */
    String string(String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError("string field " + field + " missing in " + json);
        }
        return m.group(1);
    }

    /** Cores the node used over the interval: cpu_percent is a share of the node's own limit. */
    double coresUsed() {
        return number("cpu_percent") / 100.0 * number("cpu_limit_cores");
    }

    @Override
    public String toString() {
        return json;
    }
}
