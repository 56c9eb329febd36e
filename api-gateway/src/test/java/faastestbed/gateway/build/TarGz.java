package faastestbed.gateway.build;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds tar.gz archives for tests, including the malformed ones a careless or hostile caller might send. */
public final class TarGz {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    public TarGz() {
        try {
            tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes), StandardCharsets.UTF_8.name());
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] of(String... namesAndTexts) {
        TarGz t = new TarGz();
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            t.file(namesAndTexts[i], namesAndTexts[i + 1], 0644);
        }
        return t.bytes();
    }

    public TarGz file(String name, String text, int mode) {
        // true: keep a leading '/' as given (the default strips it)
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        e.setSize(data.length);
        e.setMode(mode);
        return put(e, data);
    }

    public TarGz link(String name, String target, boolean symbolic) {
        TarArchiveEntry e = new TarArchiveEntry(name, symbolic ? TarConstants.LF_SYMLINK : TarConstants.LF_LINK, true);
        e.setLinkName(target);
        return put(e, new byte[0]);
    }

    public TarGz fifo(String name) {
        return put(new TarArchiveEntry(name, TarConstants.LF_FIFO, true), new byte[0]);
    }

    private TarGz put(TarArchiveEntry e, byte[] data) {
        try {
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return this;
    }

    public byte[] bytes() {
        try {
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Name -> text and mode ("0755:text") of every regular file, in order. */
    public static Map<String, String> read(byte[] gz) {
        Map<String, String> files = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(gz)))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.isFile()) {
                    files.put(e.getName(), String.format("%04o:", e.getMode() & 07777)
                            + new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
