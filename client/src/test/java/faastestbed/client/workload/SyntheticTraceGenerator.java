package faastestbed.client.workload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * Generates workloads/azure-synthetic.d01.csv: a SYNTHETIC day in the Azure Functions 2019
 * {@code invocations_per_function_md.anon.dNN.csv} format (no real trace data), small enough to replay in
 * minutes yet shaped like the real thing: mostly idle minutes, a timer, sparse HTTP traffic and bursts.
 * Deterministic (fixed seed); {@code SyntheticTraceTest} fails if the committed file drifts from this generator.
 * Regenerate: run {@link #main} with the output path as its argument.
 */
public final class SyntheticTraceGenerator {
    public static final int MINUTES = 1440;

    private SyntheticTraceGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of(args[0]), generate(), StandardCharsets.UTF_8);
    }

    public static String generate() {
        Random random = new Random(2019);
        StringBuilder csv = new StringBuilder("HashOwner,HashApp,HashFunction,Trigger");
        for (int m = 1; m <= MINUTES; m++) {
            csv.append(',').append(m);
        }
        csv.append('\n');

        // 1: a timer firing every 15 minutes from minute 1.
        int[] timer = new int[MINUTES];
        for (int m = 0; m < MINUTES; m += 15) {
            timer[m] = 1;
        }
        row(csv, 1, "timer", timer);

        // 2: an HTTP API: sparse background traffic, a morning ramp at 09:00 and a smaller evening peak at 18:00.
        int[] api = new int[MINUTES];
        for (int m = 0; m < MINUTES; m++) {
            if (random.nextDouble() < 0.08) {
                api[m] = random.nextDouble() < 0.3 ? 2 : 1;
            }
        }
        add(api, 540, 4, 8, 12, 15, 12, 10, 8, 5, 3, 2);
        add(api, 1080, 6, 10, 7, 4, 2);
        row(csv, 2, "http", api);

        // 3: a queue drained in three five-minute bursts (the first within the first hour, for short replays).
        int[] queue = new int[MINUTES];
        for (int start : new int[]{30, 600, 1320}) {
            for (int m = start; m < start + 5; m++) {
                queue[m] = 10 + random.nextInt(6);
            }
        }
        row(csv, 3, "queue", queue);

        // 4: rare events: twelve single invocations at random minutes.
        int[] event = new int[MINUTES];
        for (int i = 0; i < 12; i++) {
            event[random.nextInt(MINUTES)] += 1;
        }
        row(csv, 4, "event", event);

        // 5: a storage trigger hit once by a large upload: one sharp, decaying burst.
        int[] storage = new int[MINUTES];
        add(storage, 900, 30, 20, 10, 5);
        row(csv, 5, "storage", storage);

        // 6: a nearly dead HTTP function, as most functions in the real trace are.
        int[] idle = new int[MINUTES];
        add(idle, 1, 1);
        add(idle, 700, 1);
        add(idle, 1400, 1);
        row(csv, 6, "http", idle);
        return csv.toString();
    }

    private static void add(int[] counts, int from, int... values) {
        for (int i = 0; i < values.length; i++) {
            counts[from + i] += values[i];
        }
    }

    private static void row(StringBuilder csv, int n, String trigger, int[] counts) {
        // Hex SHA-256 like the real trace's hashes; the inputs say what they are.
        csv.append(sha256("synthetic-owner-" + n)).append(',')
                .append(sha256("synthetic-app-" + n)).append(',')
                .append(sha256("synthetic-function-" + n)).append(',')
                .append(trigger);
        for (int c : counts) {
            csv.append(',').append(c);
        }
        csv.append('\n');
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
