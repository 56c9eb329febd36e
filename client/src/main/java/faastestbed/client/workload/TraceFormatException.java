package faastestbed.client.workload;

/** A trace file that does not follow the Azure Functions 2019 per-minute format; names the line to fix. */
public class TraceFormatException extends Exception {
    private final int line;

    public TraceFormatException(String source, int line, String message) {
        super(source + " line " + line + ": " + message);
        this.line = line;
    }

    /** 1-based line number in the file. */
    public int line() {
        return line;
    }
}
