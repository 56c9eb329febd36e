package faastestbed.client.deploy;

import faastestbed.client.config.BadInputException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder's contents as a tar.gz in memory, paths relative to the folder (its files at the archive's root, as the
 * gateway expects). Executable files stay executable; links stay links (the gateway refuses those pointing out).
 */
public final class FolderArchive {
    private FolderArchive() {
    }

    public static byte[] pack(Path dir) throws IOException, BadInputException {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("deploy: " + dir + " is not a directory");
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.filter(p -> !p.equals(dir)).sorted().toList();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes),
                StandardCharsets.UTF_8.name())) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path p : paths) {
                // '/' whatever the platform's separator
                String name = String.join("/", dir.relativize(p).toString().split(java.util.regex.Pattern.quote(
                        p.getFileSystem().getSeparator())));
                TarArchiveEntry e;
                if (Files.isSymbolicLink(p)) {
                    e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(p).toString());
                    tar.putArchiveEntry(e);
                } else if (Files.isDirectory(p)) {
                    e = new TarArchiveEntry(name + "/");
                    e.setMode(0755);
                    tar.putArchiveEntry(e);
                } else if (Files.isRegularFile(p)) {
                    e = new TarArchiveEntry(name);
                    e.setMode(Files.isExecutable(p) ? 0755 : 0644);
                    e.setSize(Files.size(p));
                    tar.putArchiveEntry(e);
                    Files.copy(p, tar);
                } else {
                    throw new BadInputException("deploy: " + p + " is neither a file, a directory nor a link");
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
