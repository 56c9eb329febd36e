package faastestbed.gateway.invocation;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The invocations the gateway has accepted and not yet answered. A stopping gateway refuses new ones, waits for these
 * up to a deadline, then writes the rows of those still running and stops what they left on the nodes. Each
 * invocation's row is written exactly once, by whoever claims it first: the call itself or the shutdown.
 */
final class InFlight {
    /** Thrown to a caller arriving while the gateway stops. */
    static final class Draining extends RuntimeException {
        Draining() {
            super("the gateway is stopping and takes no new invocations", null, false, false);
        }
    }

    /** One accepted invocation: where it runs now, and whether its row has been written. */
    static final class Ticket implements AutoCloseable {
        final String id;
        private final InFlight owner;
        private final AtomicBoolean rowClaimed = new AtomicBoolean();
        private volatile String node = "";
        private volatile String container = "";
        /** Whether the container is the call's own (removed when the gateway stops under it) or a shared warm one. */
        private volatile boolean ownContainer;

        private Ticket(InFlight owner, String id) {
            this.owner = owner;
            this.id = id;
        }

        void at(String node) {
            this.node = node;
            this.container = "";
        }

        void in(String container, boolean own) {
            this.container = container == null ? "" : container;
            this.ownContainer = own;
        }

        String node() {
            return node;
        }

        String container() {
            return container;
        }

        boolean ownContainer() {
            return ownContainer;
        }

        /** True for the one caller that may write this invocation's row. */
        boolean claimRow() {
            return rowClaimed.compareAndSet(false, true);
        }

        @Override
        public void close() {
            owner.open.remove(id, this);
            synchronized (owner) {
                owner.notifyAll();
            }
        }
    }

    private final Map<String, Ticket> open = new ConcurrentHashMap<>();
    private volatile boolean draining;

    /** Admits an invocation; refused once the gateway drains. */
    Ticket admit(String id) {
        if (draining) {
            throw new Draining();
        }
        Ticket t = new Ticket(this, id);
        open.put(id, t);
        if (draining) {  // drain() began between the check and the put: it may not have seen this one
            open.remove(id, t);
            throw new Draining();
        }
        return t;
    }

    boolean draining() {
        return draining;
    }

    int size() {
        return open.size();
    }

    Collection<Ticket> open() {
        return List.copyOf(open.values());
    }

    /** Waits until none of {@code tickets} is open any more, or the deadline passes; whether all ended. */
    boolean awaitEnded(Collection<Ticket> tickets, long deadlineNanos) throws InterruptedException {
        synchronized (this) {
            while (tickets.stream().anyMatch(t -> open.get(t.id) == t)) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, Math.min(left / 1_000_000, 100)));
            }
        }
        return true;
    }

    /**
     * Stops admitting and waits until every admitted invocation has ended or the deadline passes.
     *
     * @return the invocations still running at the deadline
     */
    List<Ticket> drain(long deadlineNanos) throws InterruptedException {
        draining = true;
        synchronized (this) {
            while (!open.isEmpty()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, Math.min(left / 1_000_000, 200)));
            }
        }
        return List.copyOf(open.values());
    }
}
