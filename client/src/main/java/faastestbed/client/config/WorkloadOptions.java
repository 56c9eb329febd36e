package faastestbed.client.config;

import faastestbed.client.workload.FunctionPick;
import faastestbed.client.workload.MinuteRange;
import faastestbed.client.workload.WorkloadKind;

import java.nio.file.Path;

/**
 * Validated workload settings; see workload.properties for what each one means.
 *
 * @param durationS     poisson seconds of arrivals; null when {@code count} is set
 * @param count         poisson arrivals; null when the duration applies
 * @param traceFile     resolved against the working directory
 * @param traceMinutes  null: the whole trace
 */
public record WorkloadOptions(
        WorkloadKind kind,
        int cycles,
        int concurrency,
        double rate,
        Double durationS,
        Integer count,
        FunctionPick pick,
        Path traceFile,
        double timeCompression,
        MinuteRange traceMinutes,
        int maxInFlight,
        long seed) {
}
