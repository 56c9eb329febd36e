package faastestbed.client.run;

import faastestbed.common.model.InvocationStatus;

/**
 * What the client saw of one invocation.
 *
 * @param httpStatus     0 when no answer came back (connection broke, timeout)
 * @param executionMode  the gateway's label, e.g. "Round Robin - Cold" (the client's own when the answer had none)
 * @param node           node that ran it; empty when none did or the answer did not say
 * @param executionTimeS the gateway's execution time (what metrics.csv records); NaN when the answer had none
 * @param roundTripS     request sent to answer received, as the client measured it
 * @param error          why it was not ok; empty when ok
 * @param latenessNanos  open loop: how long after its scheduled time the request went out (0 in closed loops)
 * @param payload        the payload size of its cell in a size sweep ("1K"); empty otherwise
 */
public record InvocationOutcome(
        String function,
        InvocationStatus status,
        int httpStatus,
        String executionMode,
        String node,
        double executionTimeS,
        double roundTripS,
        String error,
        long latenessNanos,
        String payload) {

    public InvocationOutcome(String function, InvocationStatus status, int httpStatus, String executionMode, String node,
                             double executionTimeS, double roundTripS, String error, long latenessNanos) {
        this(function, status, httpStatus, executionMode, node, executionTimeS, roundTripS, error, latenessNanos, "");
    }

    public boolean ok() {
        return status == InvocationStatus.OK;
    }

    /** The time the statistics use: the gateway's, so they match metrics.csv; the round trip when it gave none. */
    public double seconds() {
        return Double.isFinite(executionTimeS) ? executionTimeS : roundTripS;
    }

    public InvocationOutcome withLateness(long nanos) {
        return new InvocationOutcome(function, status, httpStatus, executionMode, node, executionTimeS, roundTripS, error, nanos, payload);
    }

    public InvocationOutcome withPayload(String tag) {
        return new InvocationOutcome(function, status, httpStatus, executionMode, node, executionTimeS, roundTripS, error,
                latenessNanos, tag);
    }
}
