package faastestbed.common.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * Columns of results/metrics.csv, in file order. The first six are seed 003's, with its exact headings,
 * so its CSVs and ours are read and plotted alike; the rest were added for research.
 */
public enum MetricsColumn {
    FUNCTION("Function"),
    NODE("Node"),
    CPU_PERCENT("CPU Usage %"),
    RAM_PERCENT("RAM Usage %"),
    EXECUTION_MODE("Execution Mode"),
    EXECUTION_TIME_S("Execution Time (s)"),
    TIMESTAMP("Timestamp"),
    INVOCATION_ID("Invocation Id"),
    RUN_ID("Run Id"),
    CELL("Cell"),
    POLICY("Policy"),
    MODE("Mode"),
    STATUS("Status"),
    EXIT_CODE("Exit Code"),
    STATE_CHECK("State Check"),
    SCHEDULING_MS("Scheduling (ms)"),
    SSH_MS("SSH (ms)"),
    PULL_MS("Pull (ms)"),
    RUN_MS("Run/Exec (ms)"),
    PATH("Path"),
    INIT_MS("Init (ms)"),
    FUNCTION_MS("Function (ms)"),
    PAYLOAD_BYTES("Payload (bytes)"),
    OUTPUT_BYTES("Output (bytes)"),
    QUEUE_MS("Queue (ms)"),
    START_TYPE("Start Type"),
    KEEP_ALIVE("Keep-Alive"),
    WAIT_MS("Wait (ms)"),
    CONTAINER("Container"),
    MEMORY_MB("Memory (MB)"),
    SOURCE("Source"),
    FAILURE("Failure"),
    ATTEMPTS("Attempts");

    /** The columns seed 003 wrote; a file with only these is read as a seed-003 file. */
    public static final List<MetricsColumn> SEED_003 =
            List.of(FUNCTION, NODE, CPU_PERCENT, RAM_PERCENT, EXECUTION_MODE, EXECUTION_TIME_S);

    private final String heading;

    MetricsColumn(String heading) {
        this.heading = heading;
    }

    public String heading() {
        return heading;
    }

    public static String[] headings() {
        return Arrays.stream(values()).map(MetricsColumn::heading).toArray(String[]::new);
    }
}
