package faastestbed.client.run;

import faastestbed.client.config.BadInputException;
import faastestbed.client.config.WorkloadOptions;
import faastestbed.client.workload.Arrival;
import faastestbed.client.workload.AzureTrace;
import faastestbed.client.workload.PoissonArrivals;
import faastestbed.client.workload.Schedules;
import faastestbed.client.workload.TraceFormatException;
import faastestbed.client.workload.TraceReplay;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;

/**
 * The invocations of one cell, computed once before anything is sent: every cell replays the same plan,
 * and bad input (a malformed trace) is reported before the gateway is touched.
 */
public sealed interface WorkloadPlan {

    int size();

    String describe();

    /** Clients each send their next invocation when the previous one returns. */
    record ClosedLoop(List<String> order, int clients) implements WorkloadPlan {
        public ClosedLoop {
            order = List.copyOf(order);
        }

        @Override
        public int size() {
            return order.size();
        }

        @Override
        public String describe() {
            return clients == 1
                    ? "sequential, " + order.size() + " invocations one at a time"
                    : "closed loop, " + order.size() + " invocations by " + clients + " concurrent clients";
        }
    }

    /** Invocations sent at their scheduled times, whether or not earlier ones have returned. */
    record OpenLoop(String kind, List<Arrival> arrivals, int maxInFlight) implements WorkloadPlan {
        public OpenLoop {
            arrivals = List.copyOf(arrivals);
        }

        @Override
        public int size() {
            return arrivals.size();
        }

        public long spanNanos() {
            return arrivals.isEmpty() ? 0 : arrivals.get(arrivals.size() - 1).atNanos();
        }

        @Override
        public String describe() {
            double span = spanNanos() / 1e9;
            return String.format(Locale.ROOT, "%s, %d arrivals over %.1f s (%.2f/s), at most %d in flight",
                    kind, arrivals.size(), span, span > 0 ? arrivals.size() / span : 0.0, maxInFlight);
        }
    }

    static WorkloadPlan build(WorkloadOptions w, List<String> functions) throws BadInputException {
        WorkloadPlan plan = switch (w.kind()) {
            case SEQUENTIAL -> new ClosedLoop(Schedules.cycles(functions, w.cycles()), 1);
            case CLOSED -> new ClosedLoop(Schedules.cycles(functions, w.cycles()), w.concurrency());
            case POISSON -> new OpenLoop(String.format(Locale.ROOT, "poisson at %s/s", w.rate()),
                    PoissonArrivals.generate(w.rate(), w.count(), w.durationS(), functions, w.pick(), w.seed()), w.maxInFlight());
            case TRACE -> new OpenLoop("trace " + w.traceFile().getFileName()
                    + (w.traceMinutes() == null ? "" : " minutes " + w.traceMinutes())
                    + String.format(Locale.ROOT, " compressed %sx", w.timeCompression()),
                    traceArrivals(w, functions), w.maxInFlight());
        };
        if (plan.size() == 0) {
            throw new BadInputException("the workload has no invocations (" + plan.describe() + ")");
        }
        return plan;
    }

    private static List<Arrival> traceArrivals(WorkloadOptions w, List<String> functions) throws BadInputException {
        if (!Files.isRegularFile(w.traceFile())) {
            throw new BadInputException("trace file not found: " + w.traceFile());
        }
        AzureTrace trace;
        try {
            trace = AzureTrace.read(w.traceFile());
        } catch (IOException e) {
            throw new BadInputException("cannot read trace file " + w.traceFile() + ": " + e.getMessage(), e);
        } catch (TraceFormatException e) {
            throw new BadInputException("malformed trace: " + e.getMessage(), e);
        }
        try {
            return TraceReplay.schedule(trace, functions, w.traceMinutes(), w.timeCompression(), w.seed());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("trace " + trace.source() + ": " + e.getMessage(), e);
        }
    }
}
