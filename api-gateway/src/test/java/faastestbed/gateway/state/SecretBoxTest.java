package faastestbed.gateway.state;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SecretBoxTest {
    private static final byte[] SECRET = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTrip() {
        SecretBox box = new SecretBox(SecretBox.newKey());
        assertArrayEquals(SECRET, box.open(box.seal(SECRET, "node:a"), "node:a"));
        assertArrayEquals(new byte[0], box.open(box.seal(new byte[0], "node:a"), "node:a"));
    }

    @Test
    void anotherKeyOrRowDoesNotOpenIt() {
        SecretBox box = new SecretBox(SecretBox.newKey());
        byte[] sealed = box.seal(SECRET, "node:a");
        SecretBox.WrongKey e = assertThrows(SecretBox.WrongKey.class,
                () -> new SecretBox(SecretBox.newKey()).open(sealed, "node:a"));
        assertEquals("the value does not open with this key", e.getMessage());
        assertThrows(SecretBox.WrongKey.class, () -> box.open(sealed, "node:b"), "sealed for another node");
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;
        assertThrows(SecretBox.WrongKey.class, () -> box.open(altered, "node:a"));
        assertThrows(SecretBox.WrongKey.class, () -> box.open(new byte[] {7, 1, 2}, "node:a"));
    }

    @Test
    void sealedBytesHoldNoPlaintextAndDifferEachTime() {
        SecretBox box = new SecretBox(SecretBox.newKey());
        byte[] a = box.seal(SECRET, "node:a");
        byte[] b = box.seal(SECRET, "node:a");
        assertNotEquals(new String(a, StandardCharsets.ISO_8859_1), new String(b, StandardCharsets.ISO_8859_1));
        String text = new String(a, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("PRIVATE KEY"), "plaintext in the sealed value");
        assertFalse(text.contains("b3BlbnNzaC1rZXktdjEAAAAA"), "plaintext in the sealed value");
    }

    @Test
    void keysOfAnotherLengthAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SecretBox(new byte[16]));
    }
}
