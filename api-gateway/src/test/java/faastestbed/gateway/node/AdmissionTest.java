package faastestbed.gateway.node;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdmissionTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private static void awaitQueued(Admission a, int n) throws InterruptedException {
        for (int i = 0; i < 500 && a.queued() != n; i++) {
            Thread.sleep(10);
        }
        assertEquals(n, a.queued());
    }

    @Test
    void freeSlotsAdmitAtOnceAndTheBoundHolds() throws Exception {
        Admission a = new Admission(new Admission.Limits(2, 0));
        assertEquals(0, a.enter(LONG));
        assertEquals(0, a.enter(LONG));
        assertEquals(2, a.running());
        Admission.QueueFull full = assertThrows(Admission.QueueFull.class, () -> a.enter(LONG));
        assertTrue(full.getMessage().contains("2 invocations running"), full.getMessage());
        a.leave();
        assertEquals(0, a.enter(LONG));
    }

    @Test
    void waitersGetInFirstComeFirstServedAndTheQueueIsBounded() throws Exception {
        Admission a = new Admission(new Admission.Limits(1, 2));
        a.enter(LONG);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<String> order = new CopyOnWriteArrayList<>();
        try {
            Future<Long> first = pool.submit(() -> {
                long w = a.enter(LONG);
                order.add("first");
                return w;
            });
            awaitQueued(a, 1);
            Future<Long> second = pool.submit(() -> {
                long w = a.enter(LONG);
                order.add("second");
                return w;
            });
            awaitQueued(a, 2);
            assertThrows(Admission.QueueFull.class, () -> a.enter(LONG), "a third waiter is refused");
            Thread.sleep(50);
            a.leave();
            assertTrue(first.get(5, TimeUnit.SECONDS) >= 40, "waited for the slot");
            assertFalse(second.isDone(), "the second waits for the first to leave");
            a.leave();
            second.get(5, TimeUnit.SECONDS);
            assertEquals(List.of("first", "second"), order);
            assertEquals(1, a.running());
            assertEquals(0, a.queued());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWaiterThatTimesOutLeavesTheLineAndLetsTheNextIn() throws Exception {
        Admission a = new Admission(new Admission.Limits(1, 5));
        a.enter(LONG);
        assertThrows(Admission.WaitTimedOut.class, () -> a.enter(Duration.ofMillis(50)));
        assertEquals(0, a.queued());
        a.leave();
        assertEquals(0, a.enter(LONG));
    }

    @Test
    void raisingTheBoundLetsWaitersIn() throws Exception {
        Admission a = new Admission(new Admission.Limits(1, 5));
        a.enter(LONG);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Long> waiter = pool.submit(() -> a.enter(LONG));
            awaitQueued(a, 1);
            a.setLimits(new Admission.Limits(2, 5));
            waiter.get(5, TimeUnit.SECONDS);
            assertEquals(2, a.running());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void limitsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Admission.Limits(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Admission.Limits(1, -1));
        assertThrows(IllegalStateException.class, () -> new Admission(new Admission.Limits(1, 0)).leave());
    }
}
