package faastestbed.gateway.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateKeyTest {
    @TempDir
    Path dir;

    @Test
    void firstStartCreatesAKeyFileOnlyItsOwnerReads() throws Exception {
        Path file = dir.resolve("state/state.key");
        byte[] key = StateKey.load(Optional.empty(), file, false);
        assertEquals(SecretBox.KEY_BYTES, key.length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(key, StateKey.load(Optional.empty(), file, true), "the next start reads the same key");
    }

    @Test
    void aGivenKeyIsUsedAndNoFileWritten() {
        byte[] k = SecretBox.newKey();
        Path file = dir.resolve("state.key");
        assertArrayEquals(k, StateKey.load(Optional.of(Base64.getEncoder().encodeToString(k)), file, true));
        assertFalse(Files.exists(file));
    }

    @Test
    void aMissingKeyForStoredStateStopsTheStartWithWhatToDo() {
        Path file = dir.resolve("state.key");
        StateUnusable e = assertThrows(StateUnusable.class, () -> StateKey.load(Optional.empty(), file, true));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("TESTBED_STATE_KEY")
                && e.getMessage().contains("start fresh"), e.getMessage());
        assertFalse(Files.exists(file), "no new key replaces the lost one");
    }

    @Test
    void malformedKeysAreRefused() throws Exception {
        assertThrows(StateUnusable.class, () -> StateKey.load(Optional.of("not base64!"), dir.resolve("k"), false));
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        StateUnusable e = assertThrows(StateUnusable.class, () -> StateKey.load(Optional.of(shortKey), dir.resolve("k"), false));
        assertTrue(e.getMessage().contains("16 bytes"), e.getMessage());
        Path bad = dir.resolve("bad.key");
        Files.writeString(bad, "abc");
        assertThrows(StateUnusable.class, () -> StateKey.load(Optional.empty(), bad, true));
    }
}
