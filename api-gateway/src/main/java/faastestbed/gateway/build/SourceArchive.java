package faastestbed.gateway.build;

import faastestbed.gateway.domain.TestbedException;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A function's sources as a tar.gz, checked in the gateway before any node sees it: readable, within the limits, no
 * entry outside the archive's root (absolute paths, {@code ..}, links pointing out), only files, directories and
 * links, and a known {@link SourceKind}. {@link #context(String)} is what {@code docker build -} gets: the archive as
 * given for a Dockerfile, else the archive with a generated Dockerfile.
 */
public final class SourceArchive {
    public static final String REQUIREMENTS = "requirements.txt";

    /** Largest unpacked size and number of entries accepted. */
    public record Limits(long maxUnpackedBytes, int maxEntries) {
    }

    private record Item(TarArchiveEntry header, byte[] data) {
    }

    private final byte[] gzipped;
    private final List<Item> items;
    private final SourceKind kind;
    private final boolean requirements;

    private SourceArchive(byte[] gzipped, List<Item> items, SourceKind kind, boolean requirements) {
        this.gzipped = gzipped;
        this.items = items;
        this.kind = kind;
        this.requirements = requirements;
    }

    public SourceKind kind() {
        return kind;
    }

    /** A Python handler with a requirements.txt next to it (installed with pip while building). */
    public boolean hasRequirements() {
        return requirements;
    }

    /** Entry paths as read, normalised (no leading "./"), in archive order. */
    public List<String> paths() {
        return items.stream().map(i -> i.header().getName()).toList();
    }

    /**
     * @throws TestbedException BAD_INPUT for anything but a safe tar.gz of a known kind, TOO_LARGE beyond the limits
     */
    public static SourceArchive read(byte[] gzipped, Limits limits) {
        if (gzipped == null || gzipped.length < 2 || (gzipped[0] & 0xff) != 0x1f || (gzipped[1] & 0xff) != 0x8b) {
            throw TestbedException.badInput("the body must be the function's folder as a tar.gz archive (gzip-compressed "
                    + "tar); it does not start as gzip does");
        }
        List<Item> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long unpacked = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                new ByteArrayInputStream(gzipped), true), StandardCharsets.UTF_8.name())) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String path = normalise(e.getName(), e.getName());
                if (path.isEmpty()) {
                    continue; // "./" itself
                }
                if (items.size() >= limits.maxEntries()) {
                    throw new TestbedException(TestbedException.Kind.TOO_LARGE, "the archive has more than "
                            + limits.maxEntries() + " entries (testbed.build.max-entries)", null, null);
                }
                checkType(e, path, seen);
                byte[] data = new byte[0];
                if (regular(e)) {
                    unpacked += e.getSize();
                    if (unpacked > limits.maxUnpackedBytes()) {
                        throw new TestbedException(TestbedException.Kind.TOO_LARGE, "the archive unpacks to more than "
                                + limits.maxUnpackedBytes() + " bytes (testbed.build.max-unpacked-bytes)", null, null);
                    }
                    data = tar.readAllBytes();
                }
                e.setName(e.isDirectory() ? path + "/" : path);
                seen.add(path);
                items.add(new Item(e, data));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw TestbedException.badInput("the archive cannot be read as a tar.gz: " + e.getMessage());
        }
        SourceKind kind = detect(items);
        boolean requirements = kind == SourceKind.PYTHON && rootFile(items, REQUIREMENTS);
        return new SourceArchive(gzipped, List.copyOf(items), kind, requirements);
    }

    /** "a/./b" and "./a" as "a/b" and "a"; refuses what would leave the archive's root. */
    static String normalise(String name, String entry) {
        if (name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            throw TestbedException.badInput("entry '" + clip(entry) + "' has a NUL or a backslash in its path");
        }
        if (name.startsWith("/")) {
            throw TestbedException.badInput("entry '" + clip(entry) + "' has an absolute path; paths must be relative "
                    + "to the folder's root");
        }
        List<String> parts = new ArrayList<>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                throw TestbedException.badInput("entry '" + clip(entry) + "' has '..' in its path");
            }
            parts.add(p);
        }
        return String.join("/", parts);
    }

    private static void checkType(TarArchiveEntry e, String path, Set<String> seen) {
        if (e.isSymbolicLink()) {
            String target = e.getLinkName();
            if (target.startsWith("/")) {
                throw TestbedException.badInput("link '" + clip(path) + "' points to an absolute path (" + clip(target) + ")");
            }
            int depth = path.split("/").length - 1; // directories above the link
            for (String p : target.split("/")) {
                depth += p.equals("..") ? -1 : (p.isEmpty() || p.equals(".")) ? 0 : 1;
                if (depth < 0) {
                    throw TestbedException.badInput("link '" + clip(path) + "' points outside the archive (" + clip(target) + ")");
                }
            }
        } else if (e.isLink()) {
            String target = normalise(e.getLinkName(), path + " -> " + e.getLinkName());
            if (!seen.contains(target)) {
                throw TestbedException.badInput("hard link '" + clip(path) + "' points to '" + clip(target)
                        + "', which is not an earlier entry of the archive");
            }
            e.setLinkName(target);
        } else if (!regular(e) && !e.isDirectory()) {
            throw TestbedException.badInput("entry '" + clip(path) + "' is a device, fifo or other special file; "
                    + "only files, directories and links are accepted");
        }
    }

    /** A regular file (commons-compress' isFile() also says yes to fifos and devices). */
    private static boolean regular(TarArchiveEntry e) {
        byte f = e.getLinkFlag();
        return f == TarConstants.LF_NORMAL || f == TarConstants.LF_OLDNORM || f == TarConstants.LF_CONTIG;
    }

    private static SourceKind detect(List<Item> items) {
        for (SourceKind k : SourceKind.values()) {
            if (rootFile(items, k.marker())) {
                return k;
            }
        }
        Set<String> root = new TreeSet<>();
        items.forEach(i -> root.add(i.header().getName().split("/")[0] + (i.header().getName().contains("/") ? "/" : "")));
        String hint = root.size() == 1 && root.iterator().next().endsWith("/")
                ? "; everything is inside '" + clip(root.iterator().next()) + "': pack the folder's contents, not the "
                + "folder (tar czf fn.tar.gz -C FOLDER .)" : "";
        throw TestbedException.badInput("no Dockerfile, handler.py or handler at the archive's root (found: "
                + clip(root.isEmpty() ? "nothing" : String.join(", ", root)) + ")" + hint);
    }

    private static boolean rootFile(List<Item> items, String name) {
        return items.stream().anyMatch(i -> i.header().getName().equals(name) && regular(i.header()));
    }

    /**
     * The build context: the archive as given for a Dockerfile; otherwise its entries after a Dockerfile generated
     * from {@code baseImage} (the executable {@code handler} made executable, so no RUN step is needed).
     */
    public byte[] context(String baseImage) {
        if (kind == SourceKind.DOCKERFILE) {
            return gzipped;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(gzipped.length + 1024);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out),
                StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            byte[] dockerfile = dockerfile(baseImage).getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry df = new TarArchiveEntry("Dockerfile");
            df.setSize(dockerfile.length);
            df.setMode(0644);
            tar.putArchiveEntry(df);
            tar.write(dockerfile);
            tar.closeArchiveEntry();
            for (Item i : items) {
                TarArchiveEntry h = i.header();
                if (kind == SourceKind.EXECUTABLE && regular(h) && h.getName().equals(kind.marker())) {
                    h.setMode(h.getMode() | 0755);
                }
                tar.putArchiveEntry(h);
                tar.write(i.data());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return out.toByteArray();
    }

    /**
     * The generated Dockerfile. Requirements are installed in a stage of their own (pip is 110 MB and not in the
     * base: every cold start would pull it), into a directory the function's stage copies and puts on PYTHONPATH.
     */
    String dockerfile(String baseImage) {
        String header = "# Generated by the gateway for a " + kind.id() + " function (" + kind.marker()
                + " at the archive's root)\n";
        return switch (kind) {
            case DOCKERFILE -> throw new IllegalStateException("a Dockerfile archive brings its own");
            case PYTHON -> header + (requirements
                    ? "FROM " + baseImage + " AS deps\n"
                    + "COPY " + REQUIREMENTS + " /deps/" + REQUIREMENTS + "\n"
                    + "RUN apt-get update \\\n"
                    + " && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-pip \\\n"
                    + " && pip install --no-cache-dir --target /deps/site -r /deps/" + REQUIREMENTS + "\n"
                    + "FROM " + baseImage + "\n"
                    + "COPY --from=deps /deps/site /deps/site\n"
                    + "ENV PYTHONPATH=/deps/site\n"
                    : "FROM " + baseImage + "\n")
                    + "COPY . /app/\n"
                    + "CMD " + json(kind.defaultHandler().orElseThrow()) + "\n";
            case EXECUTABLE -> header + "FROM " + baseImage + "\n"
                    + "COPY . /app/\n"
                    + "CMD " + json(kind.defaultHandler().orElseThrow()) + "\n";
        };
    }

    private static String json(List<String> argv) {
        return argv.stream().map(a -> "\"" + a + "\"").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    private static String clip(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }

    @Override
    public String toString() {
        return "SourceArchive[" + kind.id() + ", " + items.size() + " entries]";
    }
}
