package faastestbed.common.metrics;

import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.Failure;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.Source;
import faastestbed.common.model.StateCheck;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of metrics.csv: one invocation.
 *
 * @param function          registered function name
 * @param node              node that ran it; empty when none was chosen
 * @param cpuPercent        node CPU % of its own limit, last background sample before the invocation (NaN: unknown)
 * @param ramPercent        node RAM % of its own limit, same sample (NaN: unknown)
 * @param executionMode     seed-003 style label, e.g. "Round Robin - Cold"
 * @param executionTimeS    wall time from request received to answer ready, seconds
 * @param timestamp         when the invocation was received (null in seed-003 files)
 * @param invocationId      unique id (empty in seed-003 files)
 * @param runId             session id shared by all rows of one run
 * @param cell              experiment cell tag; empty outside experiment matrices
 * @param policy            scheduling policy name, e.g. "round-robin"
 * @param mode              execution mode (from the label in seed-003 files; null if it names none)
 * @param status            outcome
 * @param exitCode          the function's exit code; null if it never ran
 * @param stateCheck        whether the node was in the state the mode promised
 * @param timings           breakdown of the execution time
 * @param path              handler or exec (rows written before the column existed were exec)
 * @param functionMs        the function's own time as its runtime measured it (NaN: unknown, e.g. the exec path)
 * @param payloadBytes      request body size (-1: unknown)
 * @param outputBytes       output size (-1: unknown)
 * @param container         how its container started and which one it was ({@link ContainerUse#NONE}: unknown)
 * @param source            real nodes or the simulator (files from before the column: real)
 * @param failure           whose failure a failed row was ({@link Failure#NONE} for other rows and older files)
 * @param attempts          nodes the invocation was tried on: 2 when a platform failure before the function
 *                          started sent it to another node (0 when it never reached a node; 1 in older files)
 */
public record MetricsRecord(
        String function,
        String node,
        double cpuPercent,
        double ramPercent,
        String executionMode,
        double executionTimeS,
        Instant timestamp,
        String invocationId,
        String runId,
        String cell,
        String policy,
        ExecutionMode mode,
        InvocationStatus status,
        Integer exitCode,
        StateCheck stateCheck,
        Timings timings,
        InvocationPath path,
        double functionMs,
        long payloadBytes,
        long outputBytes,
        ContainerUse container,
        Source source,
        Failure failure,
        int attempts) {

    /** A row without the failure columns: one attempt, failure unknown. */
    public MetricsRecord(String function, String node, double cpuPercent, double ramPercent, String executionMode,
                         double executionTimeS, Instant timestamp, String invocationId, String runId, String cell,
                         String policy, ExecutionMode mode, InvocationStatus status, Integer exitCode,
                         StateCheck stateCheck, Timings timings, InvocationPath path, double functionMs,
                         long payloadBytes, long outputBytes, ContainerUse container, Source source) {
        this(function, node, cpuPercent, ramPercent, executionMode, executionTimeS, timestamp, invocationId, runId, cell,
                policy, mode, status, exitCode, stateCheck, timings, path, functionMs, payloadBytes, outputBytes,
                container, source, Failure.NONE, 1);
    }

    /** A row of a run on real nodes. */
    public MetricsRecord(String function, String node, double cpuPercent, double ramPercent, String executionMode,
                         double executionTimeS, Instant timestamp, String invocationId, String runId, String cell,
                         String policy, ExecutionMode mode, InvocationStatus status, Integer exitCode,
                         StateCheck stateCheck, Timings timings, InvocationPath path, double functionMs,
                         long payloadBytes, long outputBytes, ContainerUse container) {
        this(function, node, cpuPercent, ramPercent, executionMode, executionTimeS, timestamp, invocationId, runId, cell,
                policy, mode, status, exitCode, stateCheck, timings, path, functionMs, payloadBytes, outputBytes,
                container, Source.REAL);
    }

    /** A row without the container columns (written before they existed). */
    public MetricsRecord(String function, String node, double cpuPercent, double ramPercent, String executionMode,
                         double executionTimeS, Instant timestamp, String invocationId, String runId, String cell,
                         String policy, ExecutionMode mode, InvocationStatus status, Integer exitCode,
                         StateCheck stateCheck, Timings timings, InvocationPath path, double functionMs,
                         long payloadBytes, long outputBytes) {
        this(function, node, cpuPercent, ramPercent, executionMode, executionTimeS, timestamp, invocationId, runId, cell,
                policy, mode, status, exitCode, stateCheck, timings, path, functionMs, payloadBytes, outputBytes,
                ContainerUse.NONE);
    }

    /** A row without the runtime's columns (exec path, sizes unknown). */
    public MetricsRecord(String function, String node, double cpuPercent, double ramPercent, String executionMode,
                         double executionTimeS, Instant timestamp, String invocationId, String runId, String cell,
                         String policy, ExecutionMode mode, InvocationStatus status, Integer exitCode,
                         StateCheck stateCheck, Timings timings) {
        this(function, node, cpuPercent, ramPercent, executionMode, executionTimeS, timestamp, invocationId, runId, cell,
                policy, mode, status, exitCode, stateCheck, timings, InvocationPath.EXEC, Double.NaN, -1, -1);
    }

    public MetricsRecord {
        Objects.requireNonNull(function, "function");
        node = Objects.requireNonNullElse(node, "");
        executionMode = Objects.requireNonNullElse(executionMode, "");
        invocationId = Objects.requireNonNullElse(invocationId, "");
        runId = Objects.requireNonNullElse(runId, "");
        cell = Objects.requireNonNullElse(cell, "");
        policy = Objects.requireNonNullElse(policy, "");
        status = Objects.requireNonNullElse(status, InvocationStatus.OK);
        stateCheck = Objects.requireNonNullElse(stateCheck, StateCheck.UNKNOWN);
        timings = Objects.requireNonNullElse(timings, Timings.NONE);
        path = Objects.requireNonNullElse(path, InvocationPath.EXEC);
        container = Objects.requireNonNullElse(container, ContainerUse.NONE);
        source = Objects.requireNonNullElse(source, Source.REAL);
        failure = Objects.requireNonNullElse(failure, Failure.NONE);
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0, was " + attempts);
        }
    }

    public boolean ok() {
        return status == InvocationStatus.OK;
    }

    public double executionTimeMs() {
        return executionTimeS * 1000.0;
    }
}
