package faastestbed.client.workload;

import java.util.Arrays;

/**
 * One row of an Azure Functions 2019 trace: a hashed function and its invocations per minute.
 *
 * @param counts invocations in minute 1, 2, ... (index 0 is minute 1)
 * @param line   1-based line in the file, for messages and as the tie-breaker of the mapping
 */
public record TraceFunction(String hashOwner, String hashApp, String hashFunction, String trigger, int[] counts, int line) {
    public TraceFunction {
        counts = counts.clone();
    }

    /** Invocations in 1-based {@code minute}. */
    public int count(int minute) {
        return counts[minute - 1];
    }

    public long total() {
        return Arrays.stream(counts).asLongStream().sum();
    }

    public long total(MinuteRange range) {
        long sum = 0;
        for (int m = range.from(); m <= range.to(); m++) {
            sum += counts[m - 1];
        }
        return sum;
    }

    @Override
    public int[] counts() {
        return counts.clone();
    }

    // Records compare arrays by reference; a trace row is a value.
    @Override
    public boolean equals(Object o) {
        return o instanceof TraceFunction t && line == t.line && hashOwner.equals(t.hashOwner) && hashApp.equals(t.hashApp)
                && hashFunction.equals(t.hashFunction) && trigger.equals(t.trigger) && Arrays.equals(counts, t.counts);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(hashOwner, hashApp, hashFunction, trigger, line) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "TraceFunction[" + hashFunction + " (" + trigger + "), line " + line + ", total " + total() + "]";
    }
}
