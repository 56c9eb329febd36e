package faastestbed.client.workload;

/** Trace minutes to replay, 1-based and inclusive as in the trace's header. */
public record MinuteRange(int from, int to) {
    public MinuteRange {
        if (from < 1 || to < from) {
            throw new IllegalArgumentException("minute range must satisfy 1 <= FROM <= TO, got " + from + "-" + to);
        }
    }

    /** Parses "FROM-TO" or a single minute "N". */
    public static MinuteRange parse(String text) {
        String t = text.trim();
        int dash = t.indexOf('-');
        try {
            if (dash < 0) {
                int m = Integer.parseInt(t);
                return new MinuteRange(m, m);
            }
            return new MinuteRange(Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected FROM-TO minutes such as 1-60, got '" + text + "'");
        }
    }

    public int length() {
        return to - from + 1;
    }

    @Override
    public String toString() {
        return from + "-" + to;
    }
}
