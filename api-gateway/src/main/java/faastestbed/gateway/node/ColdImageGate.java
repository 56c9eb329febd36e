package faastestbed.gateway.node;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps concurrent cold invocations of one image on one node from breaking each other: the image is removed
 * only after the last of them ends, and a new cold invocation waits until a pending removal has finished, so
 * it really starts cold. The wait is not counted in the invocation's execution time.
 */
public final class ColdImageGate {
    private final Map<String, int[]> users = new HashMap<>();
    private final Map<String, Boolean> removing = new HashMap<>();

    /** Blocks while the image is being removed; returns milliseconds waited. */
    public synchronized long enter(String image) throws InterruptedException {
        long t0 = System.nanoTime();
        while (removing.getOrDefault(image, false)) {
            wait();
        }
        users.computeIfAbsent(image, k -> new int[1])[0]++;
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** @return true if the caller was the last user and must now remove the image, then call {@link #removed}. */
    public synchronized boolean leave(String image) {
        int[] n = users.get(image);
        if (n == null || n[0] <= 0) {
            throw new IllegalStateException("leave without enter for " + image);
        }
        if (--n[0] == 0) {
            users.remove(image);
            removing.put(image, true);
            return true;
        }
        return false;
    }

    public synchronized void removed(String image) {
        removing.remove(image);
        notifyAll();
    }

    /** Whether a removal is pending or running; for tests and for resets that must wait for quiet. */
    public synchronized boolean busy() {
        return !users.isEmpty() || !removing.isEmpty();
    }

    public synchronized void awaitQuiet() throws InterruptedException {
        while (!users.isEmpty() || !removing.isEmpty()) {
            wait(100);
        }
    }
}
