package faastestbed.gateway.node;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColdImageGateTest {
    private static final String IMG = "registry:5000/fib-python:latest";

    private final ColdImageGate gate = new ColdImageGate();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void onlyTheLastConcurrentUserRemoves() throws Exception {
        CountDownLatch bothIn = new CountDownLatch(2);
        CountDownLatch firstLeft = new CountDownLatch(1);
        Future<Boolean> first = pool.submit(() -> {
            gate.enter(IMG);
            bothIn.countDown();
            assertTrue(bothIn.await(10, TimeUnit.SECONDS));
            boolean r = gate.leave(IMG);
            firstLeft.countDown();
            return r;
        });
        Future<Boolean> second = pool.submit(() -> {
            gate.enter(IMG);
            bothIn.countDown();
            assertTrue(firstLeft.await(10, TimeUnit.SECONDS));
            return gate.leave(IMG);
        });
        assertFalse(first.get(10, TimeUnit.SECONDS));
        assertTrue(second.get(10, TimeUnit.SECONDS));
        assertTrue(gate.busy(), "removal pending until removed()");
        gate.removed(IMG);
        assertFalse(gate.busy());
    }

    @Test
    void sequentialUsersEachRemove() throws Exception {
        gate.enter(IMG);
        assertTrue(gate.leave(IMG));
        gate.removed(IMG);
        assertTrue(gate.enter(IMG) >= 0);
        assertTrue(gate.leave(IMG));
        gate.removed(IMG);
    }

    @Test
    void enterBlocksWhileRemovalIsPending() throws Exception {
        gate.enter(IMG);
        assertTrue(gate.leave(IMG));
        CountDownLatch started = new CountDownLatch(1);
        Future<Long> waiter = pool.submit(() -> {
            started.countDown();
            return gate.enter(IMG);
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        // Still blocked: the removal has not been reported.
        assertThrows(TimeoutException.class, () -> waiter.get(200, TimeUnit.MILLISECONDS));
        assertFalse(waiter.isDone());
        gate.removed(IMG);
        long waited = waiter.get(10, TimeUnit.SECONDS);
        assertTrue(waited >= 0);
        assertTrue(gate.busy(), "the waiter is now a user");
        assertTrue(gate.leave(IMG));
        gate.removed(IMG);
        assertFalse(gate.busy());
    }

    @Test
    void otherImagesAreNotBlocked() throws Exception {
        gate.enter(IMG);
        assertTrue(gate.leave(IMG));
        Future<Long> other = pool.submit(() -> gate.enter("alpine"));
        assertTrue(other.get(10, TimeUnit.SECONDS) >= 0);
        assertTrue(gate.leave("alpine"));
    }

    @Test
    void leaveWithoutEnterThrows() throws Exception {
        assertThrows(IllegalStateException.class, () -> gate.leave(IMG));
        gate.enter(IMG);
        assertTrue(gate.leave(IMG));
        assertThrows(IllegalStateException.class, () -> gate.leave(IMG));
    }

    @Test
    void awaitQuietReturnsOnceUsersAndRemovalsAreDone() throws Exception {
        gate.enter(IMG);
        CountDownLatch started = new CountDownLatch(1);
        Future<?> quiet = pool.submit(() -> {
            started.countDown();
            gate.awaitQuiet();
            return null;
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertTrue(gate.leave(IMG));
        assertFalse(quiet.isDone());
        gate.removed(IMG);
        quiet.get(10, TimeUnit.SECONDS);
        assertFalse(gate.busy());
    }
}
