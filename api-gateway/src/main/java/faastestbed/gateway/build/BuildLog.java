package faastestbed.gateway.build;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A build's output as it arrives, readable from any offset while the build runs (a client follows it with
 * {@code GET /builds/{id}/log?from=N}). Kept up to a cap; past it only the last lines are kept, for the error.
 */
final class BuildLog {
    static final int TAIL_LINES = 20;

    private final int maxChars;
    private final StringBuilder text = new StringBuilder();
    private final Deque<String> tail = new ArrayDeque<>();
    private boolean cut;

    BuildLog(int maxChars) {
        this.maxChars = maxChars;
    }

    synchronized void line(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
        if (cut) {
            return;
        }
        if (text.length() + line.length() + 1 > maxChars) {
            cut = true;
            text.append("[log cut at ").append(maxChars).append(" characters; the error keeps the last lines]\n");
            return;
        }
        text.append(line).append('\n');
    }

    /** The log from character {@code from} on (empty when there is nothing new). */
    synchronized String from(int from) {
        return from >= text.length() ? "" : text.substring(Math.max(0, from));
    }

    synchronized int length() {
        return text.length();
    }

    synchronized List<String> tail() {
        return List.copyOf(tail);
    }
}
