package faastestbed.client.run;

import faastestbed.client.config.BadInputException;
import faastestbed.client.config.PayloadOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The body every invocation of a cell sends, as the function's payload: nothing, a file's bytes, or one size of a
 * sweep, filled with pseudo-random bytes from the run's seed (the same seed sends the same bytes, on any JVM).
 */
public sealed interface Payload {

    /** Appended to the cell tag ("round-robin/warmed/handler/1K"); empty when the payload is not a matrix dimension. */
    String tag();

    /** For the run's header line. */
    String describe();

    /** The bytes to send; a sweep's are made when asked for, so only the current cell's are held. */
    byte[] bytes();

    /** An empty body. */
    record None() implements Payload {
        @Override
        public String tag() {
            return "";
        }

        @Override
        public String describe() {
            return "no payload (empty body)";
        }

        @Override
        public byte[] bytes() {
            return new byte[0];
        }
    }

    /** A file's bytes, as they are; read once, before anything is sent. */
    record FromFile(Path file, byte[] content) implements Payload {
        @Override
        public String tag() {
            return "";
        }

        @Override
        public String describe() {
            return "payload " + file.getFileName() + " (" + content.length + " bytes)";
        }

        @Override
        public byte[] bytes() {
            return content;
        }
    }

    /** {@code size} pseudo-random bytes from {@code seed}. */
    record Seeded(int size, long seed) implements Payload {
        @Override
        public String tag() {
            return PayloadOptions.formatSize(size);
        }

        @Override
        public String describe() {
            return PayloadOptions.formatSize(size) + " payload (" + size + " bytes, seeded)";
        }

        @Override
        public byte[] bytes() {
            return seededBytes(seed, size);
        }
    }

    /**
     * The payload dimension of the matrix: one entry per size of a sweep, else one entry (the file, or none).
     *
     * @throws BadInputException the payload file is missing or unreadable
     */
    static List<Payload> of(PayloadOptions options, long seed) throws BadInputException {
        if (options.file() != null) {
            return List.of(read(options.file()));
        }
        if (options.sizes().isEmpty()) {
            return List.of(new None());
        }
        List<Payload> sweep = new ArrayList<>();
        for (int size : options.sizes()) {
            sweep.add(new Seeded(size, seed));
        }
        return List.copyOf(sweep);
    }

    /** The payload of a single invocation (the invoke command): the file, or none; a size sweep does not apply. */
    static Payload single(PayloadOptions options) throws BadInputException {
        return options.file() != null ? read(options.file()) : new None();
    }

    private static FromFile read(Path file) throws BadInputException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("payload file not found: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new BadInputException("payload file not readable: " + file);
        }
        try {
            if (Files.size(file) > PayloadOptions.MAX_SIZE) {
                throw new BadInputException("payload file " + file + " is over the client's limit of 1024M");
            }
            return new FromFile(file, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new BadInputException("cannot read payload file " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code size} pseudo-random bytes from {@code seed}, eight little-endian bytes per step. */
    static byte[] seededBytes(long seed, int size) {
        // SplittableRandom's algorithm is specified (SplitMix64), so the same seed gives the same bytes on any JVM;
        // each 8-byte word is the next long, so a shorter sweep size is a prefix of a longer one.
        SplittableRandom random = new SplittableRandom(seed);
        byte[] out = new byte[size];
        for (int i = 0; i < size; ) {
            long z = random.nextLong();
            for (int b = 0; b < 8 && i < size; b++, i++) {
                out[i] = (byte) (z >>> (8 * b));
            }
        }
        return out;
    }
}
