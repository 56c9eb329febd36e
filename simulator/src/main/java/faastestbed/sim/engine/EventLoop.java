package faastestbed.sim.engine;

import java.util.PriorityQueue;

/**
 * The simulation clock and its future events, in nanoseconds. Events at the same instant fire in the order they
 * were scheduled, so a run is a pure function of its inputs. Cancelling is done by the event itself: it checks on
 * firing whether what it was scheduled for still holds (a token), which costs less than removing it from the heap.
 */
public final class EventLoop {
    private static final class Event implements Comparable<Event> {
        final long at;
        final long seq;
        final Runnable action;

        Event(long at, long seq, Runnable action) {
            this.at = at;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>(1 << 16);
    private long now;
    private long seq;
    private long fired;

    public long now() {
        return now;
    }

    /** Runs {@code action} at {@code at}; a time in the past means now. */
    public void at(long at, Runnable action) {
        queue.add(new Event(Math.max(at, now), seq++, action));
    }

    public void after(long delayNanos, Runnable action) {
        at(now + Math.max(0, delayNanos), action);
    }

    /** Fires events in time order until none is left. */
    public void run() {
        for (Event e; (e = queue.poll()) != null; ) {
            now = e.at;
            fired++;
            e.action.run();
        }
    }

    /** Fires the next event; false when none is left. */
    public boolean runOne() {
        Event e = queue.poll();
        if (e == null) {
            return false;
        }
        now = e.at;
        fired++;
        e.action.run();
        return true;
    }

    public long fired() {
        return fired;
    }

    public int pending() {
        return queue.size();
    }
}
