package faastestbed.client.workload;

/**
 * One invocation of an open-loop schedule.
 *
 * @param atNanos  when to send it, nanoseconds after the workload starts
 * @param function registered function to invoke
 * @param source   where it comes from: "poisson", or the trace's HashFunction for a trace replay
 */
public record Arrival(long atNanos, String function, String source) {
    public double atSeconds() {
        return atNanos / 1e9;
    }
}
