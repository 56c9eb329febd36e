package faastestbed.common.metrics;

/** A metrics CSV that cannot be read at all (missing file, missing required columns). */
public class MetricsFormatException extends Exception {
    public MetricsFormatException(String message) {
        super(message);
    }

    public MetricsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
