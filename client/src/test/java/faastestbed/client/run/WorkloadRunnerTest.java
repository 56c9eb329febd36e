package faastestbed.client.run;

import faastestbed.client.workload.Arrival;
import faastestbed.common.model.InvocationStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkloadRunnerTest {
    @Test
    void closedLoopNeverExceedsItsClientsAndRunsEveryInvocation() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Invoker invoker = function -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Thread.sleep(5);
            inFlight.decrementAndGet();
            seen.add(function);
            return SummaryTest.outcome(function, "L", InvocationStatus.OK, 0.005);
        };
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            order.add("f" + i);
        }
        List<InvocationOutcome> outcomes = WorkloadRunner.run(new WorkloadPlan.ClosedLoop(order, 4), invoker, ProgressReporter.off());
        assertEquals(order, outcomes.stream().map(InvocationOutcome::function).toList(), "outcomes in plan order");
        assertEquals(60, seen.size());
        assertEquals(4, peak.get(), "four clients, four in flight at most (and at some point exactly four)");
    }

    @Test
    void sequentialRunsInOrderOneAtATime() throws Exception {
        List<String> seen = new ArrayList<>();
        Invoker invoker = function -> {
            seen.add(function);
            return SummaryTest.outcome(function, "L", InvocationStatus.OK, 0);
        };
        List<String> order = List.of("a", "b", "a", "b");
        WorkloadRunner.run(new WorkloadPlan.ClosedLoop(order, 1), invoker, ProgressReporter.off());
        assertEquals(order, seen);
    }

    @Test
    void openLoopFiresOnScheduleEvenWhenAnswersAreSlow() throws Exception {
        // 20 arrivals 10 ms apart, each taking 100 ms: a closed loop would need 2 s, the open loop about 0.3 s.
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            arrivals.add(new Arrival(i * 10_000_000L, "f", "test"));
        }
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        Invoker slow = function -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Thread.sleep(100);
            inFlight.decrementAndGet();
            return SummaryTest.outcome(function, "L", InvocationStatus.OK, 0.1);
        };
        long start = System.nanoTime();
        List<InvocationOutcome> outcomes = WorkloadRunner.run(new WorkloadPlan.OpenLoop("test", arrivals, 64), slow, ProgressReporter.off());
        double elapsed = (System.nanoTime() - start) / 1e9;
        assertEquals(20, outcomes.size());
        assertTrue(elapsed < 1.5, "open loop does not wait for answers: " + elapsed + " s");
        assertTrue(peak.get() >= 5, "several requests in flight at once: " + peak.get());
        assertTrue(outcomes.stream().allMatch(o -> o.latenessNanos() < 200_000_000L), "on time");
    }

    @Test
    void openLoopRecordsLatenessWhenThePoolIsFull() throws Exception {
        List<Arrival> arrivals = List.of(new Arrival(0, "f", "t"), new Arrival(0, "f", "t"));
        Invoker slow = function -> {
            Thread.sleep(100);
            return SummaryTest.outcome(function, "L", InvocationStatus.OK, 0.1);
        };
        List<InvocationOutcome> outcomes = WorkloadRunner.run(new WorkloadPlan.OpenLoop("test", arrivals, 1), slow, ProgressReporter.off());
        long maxLateness = outcomes.stream().mapToLong(InvocationOutcome::latenessNanos).max().orElseThrow();
        assertTrue(maxLateness >= 90_000_000L, "the second waited for the only slot: " + maxLateness);
    }

    @Test
    void aBrokenInvocationIsRecordedNotFatal() throws Exception {
        AtomicInteger n = new AtomicInteger();
        Invoker flaky = function -> {
            if (n.incrementAndGet() == 2) {
                throw new IllegalStateException("boom");
            }
            return SummaryTest.outcome(function, "L", InvocationStatus.OK, 0);
        };
        List<InvocationOutcome> outcomes = WorkloadRunner.run(new WorkloadPlan.ClosedLoop(List.of("a", "b", "c"), 1), flaky, ProgressReporter.off());
        assertEquals(List.of(InvocationStatus.OK, InvocationStatus.FAILED, InvocationStatus.OK),
                outcomes.stream().map(InvocationOutcome::status).toList());
        assertTrue(outcomes.get(1).error().contains("boom"));
    }
}
