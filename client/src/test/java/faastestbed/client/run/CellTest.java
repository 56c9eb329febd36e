package faastestbed.client.run;

import faastestbed.client.config.BadInputException;
import faastestbed.client.config.ClientConfig;
import faastestbed.client.config.ConfigReader;
import faastestbed.client.config.Settings;
import faastestbed.common.model.ExecutionMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellTest {
    @TempDir
    Path dir;

    private ClientConfig config(String modes, String keepAlives, String paths) throws BadInputException {
        Settings s = ConfigReader.load(dir, null)
                .with("policies", "hash-affinity,power-of-two", "--policies")
                .with("modes", modes, "--modes")
                .with("keep-alives", keepAlives, "--keep-alives")
                .with("paths", paths, "--paths");
        return ConfigReader.resolve(s, dir, false, false, Instant.EPOCH);
    }

    private static List<String> tags(List<Cell> cells) {
        return cells.stream().map(Cell::tag).toList();
    }

    @Test
    void onlyDynamicCellsAreMultipliedByKeepAlives() throws Exception {
        ClientConfig c = config("warmed,dynamic,cold", "lru,fixed-ttl:30s,none", "handler,exec");
        List<Cell> cells = Cell.matrix(c, List.of(new Payload.None()));
        // Per policy: warmed x 2 paths, dynamic x 3 keep-alives x 2 paths, cold x 2 paths.
        assertEquals(2 * (2 + 3 * 2 + 2), cells.size());
        assertEquals(List.of(
                "hash-affinity/warmed/handler", "hash-affinity/warmed/exec",
                "hash-affinity/dynamic+lru/handler", "hash-affinity/dynamic+lru/exec",
                "hash-affinity/dynamic+fixed-ttl:30s/handler", "hash-affinity/dynamic+fixed-ttl:30s/exec",
                "hash-affinity/dynamic+none/handler", "hash-affinity/dynamic+none/exec",
                "hash-affinity/cold/handler", "hash-affinity/cold/exec"), tags(cells.subList(0, 10)));
        assertEquals("power-of-two/cold/exec", cells.get(cells.size() - 1).tag());

        assertEquals(cells.size(), new HashSet<>(tags(cells)).size(), "every cell has its own tag");
        assertEquals(cells.size(), new HashSet<>(cells.stream().map(Cell::label).toList()).size(), "and its own label");
        cells.forEach(cell -> assertTrue(Cell.TAG.matcher(cell.tag()).matches(), cell.tag()));
        Cell.checkTags(cells);

        cells.stream().filter(cell -> cell.mode() != ExecutionMode.DYNAMIC)
                .forEach(cell -> assertEquals("", cell.keepAlive(), "static cells carry no keep-alive"));
        assertEquals("Hash Affinity - Dynamic [fixed-ttl:30s] (handler)", cells.get(4).label());
        assertEquals("Hash Affinity - Dynamic [lru]", cells.get(3).label());
        assertEquals("Hash Affinity - Warmed (handler)", cells.get(0).label());
    }

    @Test
    void withoutKeepAlivesEveryModeRunsOnce() throws Exception {
        ClientConfig c = config("cold,dynamic", "", "handler");
        assertEquals(List.of("hash-affinity/cold/handler", "hash-affinity/dynamic/handler",
                "power-of-two/cold/handler", "power-of-two/dynamic/handler"), tags(Cell.matrix(c, List.of(new Payload.None()))));
        assertEquals(List.of("hash-affinity/cold/handler", "hash-affinity/dynamic+lru/handler",
                        "power-of-two/cold/handler", "power-of-two/dynamic+lru/handler"),
                tags(Cell.matrix(c, List.of("lru"), List.of(new Payload.None()))), "the gateway's current one, named");
    }

    @Test
    void keepAlivesAndPayloadSizesCombine() throws Exception {
        ClientConfig c = config("dynamic", "lru,greedy-dual", "handler");
        List<Cell> cells = Cell.matrix(c, Payload.of(new faastestbed.client.config.PayloadOptions(null, List.of(0, 1024)), 42));
        assertEquals(List.of("hash-affinity/dynamic+lru/handler/0", "hash-affinity/dynamic+lru/handler/1K",
                "hash-affinity/dynamic+greedy-dual/handler/0", "hash-affinity/dynamic+greedy-dual/handler/1K"),
                tags(cells.subList(0, 4)));
    }

    @Test
    void aTagOverTheGatewaysLimitIsBadInput() throws Exception {
        Settings s = ConfigReader.load(dir, null)
                .with("policies", "p".repeat(70), "--policies")
                .with("modes", "dynamic", "--modes")
                .with("keep-alives", "hybrid-histogram:4h:30m", "--keep-alives");
        ClientConfig c = ConfigReader.resolve(s, dir, false, false, Instant.EPOCH);
        String message = assertThrows(BadInputException.class,
                () -> Cell.checkTags(Cell.matrix(c, List.of(new Payload.None())))).getMessage();
        assertTrue(message.startsWith("cell tag '" + "p".repeat(70) + "/dynamic+hybrid-histogram:4h:30m/handler' does not fit"), message);
    }
}
