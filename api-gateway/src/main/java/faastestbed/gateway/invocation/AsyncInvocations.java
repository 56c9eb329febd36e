package faastestbed.gateway.invocation;

import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.InvocationStatus;
import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.function.FunctionSpec;
import faastestbed.gateway.state.AsyncStore;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Invocations answered at once with an id (OpenWhisk's non-blocking invoke, OpenFaaS' async route) and run by a
 * fixed pool of workers from a bounded FIFO queue; beyond the queue a call is refused (429) and gets a row like every
 * refused call. A finished call's result is kept for {@code testbed.async.keep} and at most {@code
 * testbed.async.max-results} results, oldest finished first. Each call's CSV row is written when it ends, by the same
 * path as a synchronous call, with its wait for a worker in Queue (ms).
 */
@ApplicationScoped
public class AsyncInvocations {
    private static final Logger LOG = Logger.getLogger(AsyncInvocations.class);

    /** Where an asynchronous invocation is. */
    public enum Status {
        QUEUED, RUNNING, OK, FAILED, REJECTED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean finished() {
            return this != QUEUED && this != RUNNING;
        }
    }

    /**
     * What is known of one asynchronous invocation now.
     *
     * @param result     the synchronous answer once it ran (null before, and when it failed without one)
     * @param error      why it failed or was refused (empty otherwise)
     * @param failure    the kind of failure a synchronous call would have been refused with (null: none, or it ran)
     */
    public record Snapshot(String invocationId, String function, Status status, Instant submittedAt, Instant startedAt,
                           Instant endedAt, long queueMs, InvocationResult result, String error,
                           TestbedException.Kind failure) {
    }

    private final class Entry implements Runnable {
        final String id;
        final String function;
        final byte[] payload;
        final InvocationPath path;
        final long t0;
        final Instant submittedAt;
        volatile Status status = Status.QUEUED;
        volatile Instant startedAt;
        volatile Instant endedAt;
        volatile long endedNanos;
        volatile long queueMs = -1;
        volatile InvocationResult result;
        volatile String error = "";
        volatile TestbedException.Kind failure;

        Entry(String function, byte[] payload, InvocationPath path) {
            this.id = UUID.randomUUID().toString();
            this.function = function;
            this.payload = payload;
            this.path = path;
            this.t0 = System.nanoTime();
            this.submittedAt = Instant.now();
        }

        /** As a previous gateway process left it; its time still counts from its arrival then. */
        Entry(AsyncStore.Stored s) {
            this.id = s.id();
            this.function = s.function();
            this.payload = s.payload() == null ? new byte[0] : s.payload();
            this.path = s.path();
            this.submittedAt = s.submittedAt();
            this.t0 = System.nanoTime() - nanosSince(s.submittedAt());
            this.startedAt = s.startedAt();
            this.queueMs = s.queueMs();
            if (s.status().finished()) {
                this.result = s.result();
                this.error = s.error() == null ? "" : s.error();
                this.failure = s.failure();
                this.endedAt = s.endedAt();
                this.endedNanos = System.nanoTime() - nanosSince(s.endedAt());
            }
            this.status = s.status();
        }

        @Override
        public void run() {
            synchronized (this) {
                if (status != Status.QUEUED) {
                    return;  // ended by a stopping gateway
                }
                status = Status.RUNNING;
            }
            startedAt = Instant.now();
            persist(() -> store.started(id, startedAt));
            queueMs = (System.nanoTime() - t0) / 1_000_000;
            try {
                InvocationResult r = invocations.invoke(function, payload, path, id, t0, submittedAt, queueMs);
                end(r.status() == InvocationStatus.OK ? Status.OK : Status.FAILED, r, r.error(), null);
            } catch (TestbedException e) {
                Object status = e.details().get("status");
                end("rejected".equals(status) ? Status.REJECTED : Status.FAILED, null, e.getMessage(), e.kind());
            } catch (RuntimeException e) {
                LOG.errorf(e, "asynchronous invocation %s of %s failed inside the gateway", id, function);
                end(Status.FAILED, null, "the gateway failed: " + e, TestbedException.Kind.NODE_FAILED);
            }
        }

        synchronized void end(Status s, InvocationResult r, String why, TestbedException.Kind kind) {
            if (status.finished()) {
                return;  // ended already, by a stopping gateway
            }
            result = r;
            error = why == null ? "" : why;
            failure = kind;
            endedAt = Instant.now();
            endedNanos = System.nanoTime();
            status = s;
            persist(() -> store.ended(id, s, endedAt, queueMs, r, error, kind, endedAt.plus(keep)));
        }

        Snapshot snapshot() {
            return new Snapshot(id, function, status, submittedAt, startedAt, endedAt, queueMs, result, error, failure);
        }
    }

    private final InvocationService invocations;
    private final AsyncStore store;
    private final int queueCapacity;
    private final int workers;
    private final Duration keep;
    private final int maxResults;
    private final ThreadPoolExecutor pool;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private long lastExpiry = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);

    @Inject
    public AsyncInvocations(InvocationService invocations, AsyncStore store,
                            @ConfigProperty(name = "testbed.async.workers", defaultValue = "16") int workers,
                            @ConfigProperty(name = "testbed.async.queue", defaultValue = "1024") int queueCapacity,
                            @ConfigProperty(name = "testbed.async.keep", defaultValue = "1h") Duration keep,
                            @ConfigProperty(name = "testbed.async.max-results", defaultValue = "100000") int maxResults) {
        if (workers < 1 || workers > 1024 || queueCapacity < 1 || maxResults < 1 || keep.isNegative()) {
            throw new IllegalStateException("testbed.async: workers 1..1024, queue >= 1, max-results >= 1 and keep >= 0"
                    + " (were " + workers + ", " + queueCapacity + ", " + maxResults + ", " + keep + ")");
        }
        this.invocations = invocations;
        this.store = store;
        this.workers = workers;
        this.queueCapacity = queueCapacity;
        this.keep = keep;
        this.maxResults = maxResults;
        this.pool = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queueCapacity),
                r -> {
                    Thread t = new Thread(r, "async-invoker");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Accepts an invocation to run later. Unknown functions and oversized payloads are refused at once, as for a
     * synchronous call; a full queue is refused with OVERLOADED and a row.
     */
    public Snapshot submit(String function, byte[] payload, InvocationPath path) {
        FunctionSpec f = invocations.check(function, payload, path);
        expire();
        Entry e = new Entry(f.name(), payload, path);
        entries.put(e.id, e);
        persist(() -> store.queued(e.id, e.function, path, payload, e.submittedAt));
        Snapshot accepted = e.snapshot();  // as accepted: a worker may take it the moment it is queued
        try {
            pool.execute(e);
        } catch (RejectedExecutionException full) {
            String why = "the asynchronous queue is full (" + queueCapacity + " waiting for " + workers
                    + " workers; testbed.async.queue, testbed.async.workers)";
            e.end(Status.REJECTED, null, why, TestbedException.Kind.OVERLOADED);
            invocations.recordNotRun(e.id, f.name(), path, e.submittedAt, e.t0, InvocationStatus.REJECTED, why);
            throw new TestbedException(TestbedException.Kind.OVERLOADED, why,
                    Map.of("invocationId", e.id, "status", "rejected"), null);
        }
        return accepted;
    }

    /** Accepted calls waiting for a worker. */
    public int queueLength() {
        return pool.getQueue().size();
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public Optional<Snapshot> get(String id) {
        return Optional.ofNullable(entries.get(id)).map(Entry::snapshot);
    }

    /** The most recent first, at most {@code limit}, optionally only those in one status. */
    public List<Snapshot> list(Status status, int limit) {
        return entries.values().stream().filter(e -> status == null || e.status == status)
                .sorted(Comparator.comparing((Entry e) -> e.submittedAt).reversed()).limit(limit)
                .map(Entry::snapshot).toList();
    }

    /**
     * Finished results past their time, then the oldest finished beyond the count. A scan of every entry, so at most
     * once a second rather than on every submission.
     */
    synchronized void expire() {
        long now = System.nanoTime();
        if (now - lastExpiry < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        lastExpiry = now;
        List<String> gone = new ArrayList<>();
        entries.values().removeIf(e -> {
            boolean old = e.status.finished() && now - e.endedNanos > keep.toNanos();
            if (old) {
                gone.add(e.id);
            }
            return old;
        });
        int over = entries.size() - maxResults;
        if (over > 0) {
            List<Entry> finished = new ArrayList<>(entries.values().stream().filter(e -> e.status.finished()).toList());
            finished.sort(Comparator.comparingLong(e -> e.endedNanos));
            finished.stream().limit(over).filter(e -> entries.remove(e.id, e)).forEach(e -> gone.add(e.id));
        }
        persist(() -> store.delete(gone));
    }

    /**
     * A start on a fresh state ({@code testbed.state.fresh}): what an earlier gateway accepted and did not finish is
     * not run, but each such call gets its row now, so that wiping the state never loses an accepted invocation.
     *
     * @return how many calls got their row
     */
    public int abandonStored() {
        int n = 0;
        for (AsyncStore.Stored s : store.load(Instant.now())) {
            if (s.status() == Status.QUEUED || s.status() == Status.RUNNING) {
                Entry e = new Entry(s);
                String why = "not run: the gateway started on a fresh state (testbed.state.fresh; ./start.sh without"
                        + " --keep-state), which drops the calls an earlier gateway had accepted";
                invocations.recordNotRun(e.id, e.function, e.path, e.submittedAt, e.t0, InvocationStatus.FAILED, why);
                n++;
            }
        }
        return n;
    }

    /**
     * What a previous gateway process left: answers within their keep time are served again, calls that waited are
     * queued again (first come, first run), and calls that were running when it ended get their failure and their
     * row now, since nobody wrote one. Called once at start, after functions are registered again.
     *
     * @return how many were queued again, and how many had been running
     */
    public int[] restore() {
        int queued = 0;
        int lost = 0;
        for (AsyncStore.Stored s : store.load(Instant.now())) {
            Entry e = new Entry(s);
            entries.put(e.id, e);
            if (s.status() == Status.RUNNING) {
                lost++;
                String why = "the gateway stopped while it ran (it was running when the previous gateway process ended)";
                e.end(Status.FAILED, null, why, TestbedException.Kind.UNAVAILABLE);
                invocations.recordNotRun(e.id, e.function, e.path, e.submittedAt, e.t0, InvocationStatus.FAILED, why);
            } else if (s.status() == Status.QUEUED) {
                queued++;
                try {
                    invocations.check(e.function, e.payload, e.path);
                    pool.execute(e);
                } catch (TestbedException | RejectedExecutionException x) {
                    String why = x instanceof TestbedException ? "not run after a gateway restart: " + x.getMessage()
                            : "not run after a gateway restart: the asynchronous queue is full (testbed.async.queue)";
                    TestbedException.Kind kind = x instanceof TestbedException t ? t.kind() : TestbedException.Kind.OVERLOADED;
                    e.end(Status.FAILED, null, why, kind);
                    invocations.recordNotRun(e.id, e.function, e.path, e.submittedAt, e.t0, InvocationStatus.FAILED, why);
                }
            }
        }
        return new int[] {queued, lost};
    }

    /** A failed write to the state database costs the state, never the invocation. */
    private static void persist(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.errorf("writing an asynchronous invocation to the state database failed: %s", e.getMessage());
        }
    }

    private static long nanosSince(Instant t) {
        return Math.max(0, Duration.between(t, Instant.now()).toNanos());
    }

    /**
     * Before the running calls are drained: calls still waiting for a worker will not run in this gateway; each
     * gets its row now (a platform failure: the gateway stopped), so nothing accepted goes unrecorded.
     */
    void stop(@Observes @Priority(0) ShutdownEvent event) {
        stopTakingWork();
    }

    private boolean stoppedTaking;

    /** The workers take no more queued calls; what waits is kept queued (state kept) or gets its row. Once. */
    synchronized void stopTakingWork() {
        if (stoppedTaking) {
            return;
        }
        stoppedTaking = true;
        List<Runnable> waiting = new ArrayList<>();
        pool.getQueue().drainTo(waiting);
        pool.shutdown();
        if (store.enabled()) {
            // Kept: they stay queued in the state database, and the next start runs them (and writes their rows).
            if (!waiting.isEmpty()) {
                LOG.infof("stopping: %d asynchronous invocation(s) had not started; they stay queued for the next start",
                        waiting.size());
            }
            return;
        }
        for (Runnable r : waiting) {
            Entry e = (Entry) r;
            synchronized (e) {
                if (e.status != Status.QUEUED) {
                    continue;
                }
                e.end(Status.FAILED, null, "the gateway stopped before the invocation ran", TestbedException.Kind.UNAVAILABLE);
            }
            invocations.recordNotRun(e.id, e.function, e.path, e.submittedAt, e.t0, InvocationStatus.FAILED, e.error);
        }
        if (!waiting.isEmpty()) {
            LOG.infof("stopping: %d asynchronous invocation(s) had not started; each has its row", waiting.size());
        }
    }

    /**
     * After the drain (which wrote the row of every call it cut off): a call still running is stored as failed, so
     * that the next start neither runs it again nor writes a second row.
     */
    void stopped(@Observes @Priority(2) ShutdownEvent event) {
        if (!store.enabled()) {
            return;
        }
        for (Entry e : entries.values()) {
            if (e.status == Status.RUNNING) {
                e.end(Status.FAILED, null, "the gateway stopped while it ran (testbed.shutdown.deadline)",
                        TestbedException.Kind.UNAVAILABLE);
            }
        }
    }
}
