package faastestbed.client.run;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a running workload on stderr: {@code [#####.....] 42/120  ok 41  failed 1  2.3/s  ETA 0:35}.
 * On a terminal the line is redrawn in place; elsewhere (CI logs, pipes) a plain line is printed every 10 %,
 * since carriage returns turn a log into one unreadable line.
 */
public final class ProgressReporter {
    public enum Style { IN_PLACE, LINES, OFF }

    private static final int BAR_WIDTH = 20;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final int total;
    private final long scheduleSpanNanos;
    private final Style style;
    private final PrintStream err;
    private final LongSupplier clock;
    private final long start;
    private int done;
    private int ok;
    private int failed;
    private long lastDraw = Long.MIN_VALUE;
    private int lastDecile;
    private int drawnWidth;

    /**
     * @param scheduleSpanNanos open loops: when the last arrival is due, a lower bound of the ETA; 0 otherwise
     */
    public ProgressReporter(int total, long scheduleSpanNanos, Style style, PrintStream err, LongSupplier clock) {
        this.total = total;
        this.scheduleSpanNanos = scheduleSpanNanos;
        this.style = style;
        this.err = err;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    public static ProgressReporter off() {
        return new ProgressReporter(0, 0, Style.OFF, System.err, System::nanoTime);
    }

    public synchronized void completed(InvocationOutcome outcome) {
        done++;
        if (outcome.ok()) {
            ok++;
        } else {
            failed++;
        }
        long now = clock.getAsLong();
        if (style == Style.IN_PLACE) {
            if (done == total || now - lastDraw >= REDRAW_NANOS) {
                draw(now);
            }
        } else if (style == Style.LINES) {
            int decile = total == 0 ? 10 : (int) (done * 10L / total);
            if (decile > lastDecile) {
                lastDecile = decile;
                err.println(line(now));
                err.flush();
            }
        }
    }

    /** Ends the in-place line so what follows starts on a fresh one. */
    public synchronized void finish() {
        if (style == Style.IN_PLACE && drawnWidth > 0) {
            draw(clock.getAsLong());
            err.println();
            err.flush();
            drawnWidth = 0;
        }
    }

    private void draw(long now) {
        lastDraw = now;
        String line = line(now);
        // Pad over the remains of a longer previous line (the ETA can shrink).
        err.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
        err.flush();
        drawnWidth = line.length();
    }

    private String line(long now) {
        double elapsed = (now - start) / 1e9;
        double eta = Double.NaN;
        if (done > 0 && elapsed > 0) {
            eta = (total - done) / (done / elapsed);
        }
        if (scheduleSpanNanos > 0) {
            double scheduleLeft = Math.max(0, scheduleSpanNanos / 1e9 - elapsed);
            eta = Double.isNaN(eta) ? scheduleLeft : Math.max(eta, scheduleLeft);
        }
        return render(done, total, ok, failed, elapsed, eta);
    }

    /** The progress line; pure, so its format is testable. {@code etaS} NaN: unknown yet. */
    public static String render(int done, int total, int ok, int failed, double elapsedS, double etaS) {
        int filled = total <= 0 ? BAR_WIDTH : (int) ((long) done * BAR_WIDTH / total);
        double rate = elapsedS > 0 ? done / elapsedS : 0;
        return String.format(Locale.ROOT, "[%s%s] %d/%d  ok %d  failed %d  %.1f/s  ETA %s",
                "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), done, total, ok, failed, rate, clock(etaS));
    }

    /** m:ss, or h:mm:ss from an hour on; "-:--" when unknown. */
    public static String clock(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "-:--";
        }
        long s = Math.round(Math.max(0, seconds));
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
