package faastestbed.gateway.runtime;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandlerHttpTest {
    private static InputStream stream(String head, byte[] body) {
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return new ByteArrayInputStream(all);
    }

    @Test
    void requestIsOneBufferWithLengthAndBinaryBody() {
        byte[] body = {0, 1, (byte) 0xff, '\r', '\n'};
        byte[] req = HandlerHttp.request("POST", "/run", "172.18.0.2:8080", body);
        String text = new String(req, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("POST /run HTTP/1.1\r\nHost: 172.18.0.2:8080\r\n"), text);
        assertTrue(text.contains("Content-Length: 5\r\n\r\n"));
        byte[] tail = new byte[5];
        System.arraycopy(req, req.length - 5, tail, 0, 5);
        assertArrayEquals(body, tail);
    }

    @Test
    void readsAnAnswerWithTimingExitCodeAndExactBody() throws IOException {
        byte[] body = new byte[100_000];
        new Random(7).nextBytes(body);
        InputStream in = stream("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\nX-Function-Ms: 0.125\r\nX-Exit-Code: 0\r\n\r\n", body);
        HandlerResponse r = HandlerHttp.read(in, 1 << 20);
        assertEquals(200, r.status());
        assertTrue(r.ok());
        assertArrayEquals(body, r.body());
        assertEquals(0.125, r.functionMs());
        assertEquals(0, r.exitCode());
        assertTrue(r.keepAlive());
    }

    @Test
    void twoAnswersOnOneKeptConnectionStayApart() throws IOException {
        InputStream in = stream("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\noneHTTP/1.1 500 Internal\r\nContent-Length: 4\r\nX-Exit-Code: 3\r\n\r\nboom", new byte[0]);
        assertEquals("one", new String(HandlerHttp.read(in, 100).body(), StandardCharsets.UTF_8));
        HandlerResponse second = HandlerHttp.read(in, 100);
        assertEquals(500, second.status());
        assertEquals(3, second.exitCode());
        assertEquals("boom", new String(second.body(), StandardCharsets.UTF_8));
        assertTrue(Double.isNaN(second.functionMs()));
    }

    @Test
    void chunkedAndCloseDelimitedAnswers() throws IOException {
        HandlerResponse chunked = HandlerHttp.read(stream("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n", new byte[0]), 100);
        assertEquals("abcde", new String(chunked.body(), StandardCharsets.UTF_8));
        HandlerResponse close = HandlerHttp.read(stream("HTTP/1.0 200 OK\r\n\r\nto the end", new byte[0]), 100);
        assertEquals("to the end", new String(close.body(), StandardCharsets.UTF_8));
        assertFalse(close.keepAlive());
        HandlerResponse said = HandlerHttp.read(stream("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", new byte[0]), 100);
        assertFalse(said.keepAlive());
        assertEquals(0, said.exitCode());
    }

    @Test
    void aClosedConnectionBeforeAnyByteIsNoAnswerAndACutOneIsEof() {
        assertThrows(HandlerHttp.NoAnswerException.class, () -> HandlerHttp.read(new ByteArrayInputStream(new byte[0]), 10));
        EOFException cut = assertThrows(EOFException.class,
                () -> HandlerHttp.read(stream("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", new byte[0]), 100));
        assertFalse(cut instanceof HandlerHttp.NoAnswerException);
        assertThrows(EOFException.class, () -> HandlerHttp.read(stream("HTTP/1.1 200 OK\r\nContent-Le", new byte[0]), 100));
    }

    @Test
    void refusesWhatIsNotTheContract() {
        assertThrows(HandlerProtocolException.class, () -> HandlerHttp.read(stream("SSH-2.0-OpenSSH\r\n\r\n", new byte[0]), 100));
        assertThrows(HandlerProtocolException.class, () -> HandlerHttp.read(stream("HTTP/1.1 abc OK\r\n\r\n", new byte[0]), 100));
        assertThrows(HandlerProtocolException.class, () -> HandlerHttp.read(stream("HTTP/1.1 200 OK\r\nno colon\r\n\r\n", new byte[0]), 100));
        HandlerProtocolException big = assertThrows(HandlerProtocolException.class,
                () -> HandlerHttp.read(stream("HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n", new byte[101]), 100));
        assertTrue(big.getMessage().contains("over the limit"), big.getMessage());
        assertThrows(HandlerProtocolException.class, () -> HandlerHttp.read(stream("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", new byte[0]), 100));
    }

    @Test
    void aBadTimingHeaderIsUnknownNotAnError() throws IOException {
        HandlerResponse r = HandlerHttp.read(stream("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Function-Ms: soon\r\nX-Exit-Code: x\r\n\r\n", new byte[0]), 10);
        assertTrue(Double.isNaN(r.functionMs()));
        assertEquals(0, r.exitCode());
    }
}
