package faastestbed.gateway.invocation;

import faastestbed.common.metrics.Timings;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StateCheck;

/** What an invocation answers (and, nearly one to one, what its CSV row holds). */
public record InvocationResult(
        String invocationId,
        String function,
        String node,
        String policy,
        ExecutionMode mode,
        String executionMode,
        InvocationStatus status,
        Integer exitCode,
        String output,
        String error,
        StateCheck stateCheck,
        double executionTimeS,
        Timings timings,
        double cpuPercent,
        double ramPercent) {
}
