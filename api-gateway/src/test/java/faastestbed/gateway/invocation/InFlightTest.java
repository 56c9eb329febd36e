package faastestbed.gateway.invocation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightTest {

    @Test
    void drainWaitsForOpenCallsAndThenRefusesNewOnes() throws Exception {
        InFlight f = new InFlight();
        InFlight.Ticket a = f.admit("a");
        InFlight.Ticket b = f.admit("b");
        assertEquals(2, f.size());
        CompletableFuture.runAsync(() -> {
            sleep(100);
            a.close();
        });
        List<InFlight.Ticket> left = f.drain(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400));
        assertEquals(List.of(b), left, "the call still open at the deadline is handed back");
        assertTrue(f.draining());
        assertThrows(InFlight.Draining.class, () -> f.admit("c"));
        b.close();
        assertEquals(0, f.size());
    }

    @Test
    void drainReturnsAtOnceWhenNothingRuns() throws Exception {
        InFlight f = new InFlight();
        f.admit("a").close();
        long t0 = System.nanoTime();
        assertEquals(List.of(), f.drain(System.nanoTime() + TimeUnit.SECONDS.toNanos(5)));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void exactlyOneWriterClaimsARow() throws Exception {
        InFlight f = new InFlight();
        InFlight.Ticket t = f.admit("a");
        int claims = 0;
        List<CompletableFuture<Boolean>> racers = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(t::claimRow)).toList();
        for (CompletableFuture<Boolean> r : racers) {
            claims += r.get() ? 1 : 0;
        }
        assertEquals(1, claims);
        assertFalse(t.claimRow());
    }

    @Test
    void aTicketRemembersWhereItRuns() {
        InFlight.Ticket t = new InFlight().admit("a");
        t.at("node1");
        t.in("faas-once-fib-1", true);
        assertEquals("node1", t.node());
        assertEquals("faas-once-fib-1", t.container());
        t.at("node2");
        assertEquals("", t.container(), "a new attempt starts without a container");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
