package faastestbed.client.run;

import faastestbed.client.workload.Arrival;
import faastestbed.common.model.InvocationStatus;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/** Executes a {@link WorkloadPlan}; returns one outcome per planned invocation, in plan order. */
public final class WorkloadRunner {
    private WorkloadRunner() {
    }

    public static List<InvocationOutcome> run(WorkloadPlan plan, Invoker invoker, ProgressReporter progress)
            throws InterruptedException {
        InvocationOutcome[] outcomes = new InvocationOutcome[plan.size()];
        if (plan instanceof WorkloadPlan.ClosedLoop closed) {
            runClosed(closed, invoker, progress, outcomes);
        } else if (plan instanceof WorkloadPlan.OpenLoop open) {
            runOpen(open, invoker, progress, outcomes);
        }
        progress.finish();
        return Arrays.asList(outcomes);
    }

    private static void runClosed(WorkloadPlan.ClosedLoop plan, Invoker invoker, ProgressReporter progress,
                                  InvocationOutcome[] outcomes) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(plan.clients(), daemon("client"));
        for (int c = 0; c < plan.clients(); c++) {
            clients.execute(() -> {
                // Each client is a loop: take the next invocation only once the previous one has returned.
                for (int i; (i = next.getAndIncrement()) < outcomes.length; ) {
                    try {
                        outcomes[i] = invokeSafely(invoker, plan.order().get(i));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    progress.completed(outcomes[i]);
                }
            });
        }
        awaitAll(clients);
    }

    private static void runOpen(WorkloadPlan.OpenLoop plan, Invoker invoker, ProgressReporter progress,
                                InvocationOutcome[] outcomes) throws InterruptedException {
        List<Arrival> arrivals = plan.arrivals();
        int threads = Math.min(plan.maxInFlight(), arrivals.size());
        // Bounded so a falling-behind gateway cannot make the client spawn threads without limit; arrivals
        // beyond the bound queue, and the time they wait shows up as lateness instead of silently shifting the load.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon("arrival"));
        pool.prestartAllCoreThreads(); // thread start-up must not delay the first arrivals
        long start = System.nanoTime();
        try {
            for (int i = 0; i < arrivals.size(); i++) {
                Arrival arrival = arrivals.get(i);
                long due = start + arrival.atNanos();
                sleepUntil(due);
                int index = i;
                pool.execute(() -> {
                    long lateness = System.nanoTime() - due;
                    try {
                        outcomes[index] = invokeSafely(invoker, arrival.function()).withLateness(lateness);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    progress.completed(outcomes[index]);
                });
            }
        } finally {
            pool.shutdown();
        }
        awaitAll(pool);
    }

    /** A bug in one invocation's handling is recorded as that invocation's failure, not lost with its thread. */
    private static InvocationOutcome invokeSafely(Invoker invoker, String function) throws InterruptedException {
        try {
            return invoker.invoke(function);
        } catch (RuntimeException e) {
            return new InvocationOutcome(function, InvocationStatus.FAILED, 0, "", "", Double.NaN, 0, "client error: " + e, 0);
        }
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private static void awaitAll(ExecutorService pool) throws InterruptedException {
        pool.shutdown();
        try {
            while (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                // keep waiting: an invocation may legitimately take long; the request timeout bounds it
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            throw e;
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true); // never keep the JVM alive after main has decided to exit
            return t;
        };
    }
}
