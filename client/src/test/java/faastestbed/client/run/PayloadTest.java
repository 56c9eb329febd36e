package faastestbed.client.run;

import faastestbed.client.config.BadInputException;
import faastestbed.client.config.ClientConfig;
import faastestbed.client.config.ConfigReader;
import faastestbed.client.config.PayloadOptions;
import faastestbed.client.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayloadTest {
    @TempDir
    Path dir;

    @Test
    void seededBytesAreReproducible() {
        byte[] a = Payload.seededBytes(42, 1 << 20);
        assertEquals(1 << 20, a.length);
        assertArrayEquals(a, Payload.seededBytes(42, 1 << 20), "same seed, same bytes");
        assertArrayEquals(Arrays.copyOf(a, 1000), Payload.seededBytes(42, 1000), "a shorter payload is a prefix of a longer one");
        assertFalse(Arrays.equals(Arrays.copyOf(a, 1024), Payload.seededBytes(43, 1024)), "another seed, other bytes");
        assertEquals(0, Payload.seededBytes(42, 0).length);
        // SplitMix64's first output for state 0 is 0xE220A8397B1DCDAF (its reference value), sent little-endian:
        // the bytes depend on this code only, not on the JDK's generators.
        assertArrayEquals(new byte[]{(byte) 0xAF, (byte) 0xCD, 0x1D, 0x7B, 0x39, (byte) 0xA8, 0x20, (byte) 0xE2},
                Payload.seededBytes(0, 8));
        // Binary, not text: all byte values turn up.
        boolean[] seen = new boolean[256];
        for (byte b : Payload.seededBytes(42, 64 * 1024)) {
            seen[b & 0xFF] = true;
        }
        for (int v = 0; v < 256; v++) {
            assertTrue(seen[v], "byte value " + v);
        }
    }

    @Test
    void payloadDimension() throws Exception {
        assertEquals(List.of(new Payload.None()), Payload.of(PayloadOptions.NONE, 42));
        List<Payload> sweep = Payload.of(new PayloadOptions(null, List.of(0, 1024, 1 << 20)), 42);
        assertEquals(List.of("0", "1K", "1M"), sweep.stream().map(Payload::tag).toList());
        assertArrayEquals(Payload.seededBytes(42, 1024), sweep.get(1).bytes());
        assertArrayEquals(sweep.get(2).bytes(), sweep.get(2).bytes(), "made again, the same");

        byte[] content = {0, (byte) 0xFF, (byte) 0xC3, 0x28, '\n'};
        Files.write(dir.resolve("p.bin"), content);
        List<Payload> file = Payload.of(new PayloadOptions(dir.resolve("p.bin"), List.of()), 42);
        assertEquals(1, file.size());
        assertEquals("", file.get(0).tag(), "a single file is no matrix dimension");
        assertArrayEquals(content, file.get(0).bytes());
        assertInstanceOf(Payload.FromFile.class, Payload.single(new PayloadOptions(dir.resolve("p.bin"), List.of())));
        assertInstanceOf(Payload.None.class, Payload.single(new PayloadOptions(null, List.of(1024))), "invoke does not sweep");

        assertTrue(assertThrows(BadInputException.class, () -> Payload.of(new PayloadOptions(dir.resolve("nope.bin"), List.of()), 42))
                .getMessage().startsWith("payload file not found: "));
        Files.createDirectories(dir.resolve("adir"));
        assertTrue(assertThrows(BadInputException.class, () -> Payload.single(new PayloadOptions(dir.resolve("adir"), List.of())))
                .getMessage().startsWith("payload file not found: "), "a directory is no payload");
    }

    @Test
    void pathsAndSizesExpandIntoCells() throws Exception {
        Settings s = ConfigReader.load(dir, null)
                .with("policies", "round-robin,least-used", "--policies")
                .with("modes", "cold,warmed", "--modes")
                .with("paths", "handler,exec", "--paths")
                .with("payload.sizes", "0,1K,1M", "--payload-sizes");
        ClientConfig c = ConfigReader.resolve(s, dir, false, false, Instant.EPOCH);
        List<Cell> cells = Cell.matrix(c, Payload.of(c.payload(), c.workload().seed()));
        assertEquals(2 * 2 * 2 * 3, cells.size());
        assertEquals(List.of(
                "round-robin/cold/handler/0", "round-robin/cold/handler/1K", "round-robin/cold/handler/1M",
                "round-robin/cold/exec/0", "round-robin/cold/exec/1K", "round-robin/cold/exec/1M",
                "round-robin/warmed/handler/0", "round-robin/warmed/handler/1K", "round-robin/warmed/handler/1M"),
                cells.subList(0, 9).stream().map(Cell::tag).toList());
        assertEquals("least-used/warmed/exec/1M", cells.get(cells.size() - 1).tag());
        assertEquals("Least Used - Warmed", cells.get(cells.size() - 1).label(), "exec keeps the seed-003 label");
        assertEquals("Round Robin - Cold (handler)", cells.get(0).label());

        ClientConfig plain = ConfigReader.resolve(ConfigReader.load(dir, null), dir, false, false, Instant.EPOCH);
        assertEquals(List.of("round-robin/cold/handler", "round-robin/pre-warmed/handler", "round-robin/warmed/handler"),
                Cell.matrix(plain, Payload.of(plain.payload(), 42)).stream().map(Cell::tag).toList(),
                "no sweep: no size in the tag");
    }
}
