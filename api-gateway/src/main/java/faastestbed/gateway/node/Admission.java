package faastestbed.gateway.node;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Bounds how many invocations a node runs at once. Beyond the bound, invocations wait in a FIFO queue of bounded
 * length; beyond that they are refused at once. Measured without it: 500 warm invocations 50 at a time OOM-killed
 * three nodes' Docker engines, so overload must mean waiting or a refusal, never a dead node.
 * The limits can change at run time; waiting invocations then get in as the new bound allows.
 */
public final class Admission {

    /**
     * @param maxConcurrent invocations running on the node at once (at least 1)
     * @param queueCapacity invocations that may wait for a slot (0: refuse as soon as every slot is taken)
     */
    public record Limits(int maxConcurrent, int queueCapacity) {
        public Limits {
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("the concurrency bound per node must be at least 1, got " + maxConcurrent);
            }
            if (queueCapacity < 0) {
                throw new IllegalArgumentException("the queue per node cannot be negative, got " + queueCapacity);
            }
        }
    }

    /** Every slot is taken and the queue is full. */
    public static final class QueueFull extends Exception {
        QueueFull(String message) {
            super(message);
        }
    }

    /** Waited for a slot as long as allowed. */
    public static final class WaitTimedOut extends Exception {
        WaitTimedOut(String message) {
            super(message);
        }
    }

    private final Deque<Object> waiting = new ArrayDeque<>();
    private Limits limits;
    private int running;

    public Admission(Limits limits) {
        this.limits = limits;
    }

    /**
     * Takes a slot, waiting in line if none is free.
     *
     * @return milliseconds spent waiting (0 when a slot was free)
     */
    public synchronized long enter(Duration maxWait) throws QueueFull, WaitTimedOut, InterruptedException {
        if (running < limits.maxConcurrent() && waiting.isEmpty()) {
            running++;
            return 0;
        }
        if (waiting.size() >= limits.queueCapacity()) {
            throw new QueueFull(running + " invocations running (the bound is " + limits.maxConcurrent() + ") and "
                    + waiting.size() + " waiting (the queue holds " + limits.queueCapacity() + ")");
        }
        Object me = new Object();
        waiting.addLast(me);
        long t0 = System.nanoTime();
        long deadline = t0 + maxWait.toNanos();
        try {
            while (waiting.peekFirst() != me || running >= limits.maxConcurrent()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new WaitTimedOut("no slot came free within " + maxWait.toSeconds() + " s");
                }
                wait(Math.max(1, left / 1_000_000));
            }
            waiting.removeFirst();
            running++;
            return Math.round((System.nanoTime() - t0) / 1e6);
        } finally {
            // Whoever leaves the line (admitted, timed out or interrupted) may let the next one in.
            waiting.remove(me);
            notifyAll();
        }
    }

    public synchronized void leave() {
        if (running <= 0) {
            throw new IllegalStateException("leave without enter");
        }
        running--;
        notifyAll();
    }

    public synchronized void setLimits(Limits next) {
        this.limits = next;
        notifyAll();
    }

    public synchronized Limits limits() {
        return limits;
    }

    public synchronized int running() {
        return running;
    }

    public synchronized int queued() {
        return waiting.size();
    }
}
