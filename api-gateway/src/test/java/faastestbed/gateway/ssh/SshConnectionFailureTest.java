package faastestbed.gateway.ssh;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connection failures, against local sockets only: they surface as SshFailure, in bounded time, without secrets. */
class SshConnectionFailureTest {
    private static final String SECRET = "pw-Very-S3cret";
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private SshConnection conn(int port) {
        SshConnection c = new SshConnection("n1", new NodeAddress("127.0.0.1", port, "root"),
                new Credentials.Password(SECRET), null, Duration.ofSeconds(2));
        open.add(c);
        return c;
    }

    /** A server that accepts and then either stays silent or answers with the given bytes. */
    private int server(byte[] greeting) throws IOException {
        ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        open.add(ss);
        Thread t = new Thread(() -> {
            try {
                while (!ss.isClosed()) {
                    Socket s = ss.accept();
                    open.add(s);
                    if (greeting != null) {
                        OutputStream out = s.getOutputStream();
                        out.write(greeting);
                        out.flush();
                        s.close();
                    }
                }
            } catch (IOException ignored) {
                // closed by the test
            }
        }, "fake-sshd");
        t.setDaemon(true);
        t.start();
        return ss.getLocalPort();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return ss.getLocalPort();
        }
    }

    private static void noSecret(SshFailure e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(SECRET), t.toString());
        }
    }

    @Test
    void closedPortIsUnreachable() throws Exception {
        int port = closedPort();
        SshConnection c = conn(port);
        SshFailure e = assertThrows(SshFailure.class, c::connect);
        assertEquals(SshFailure.Kind.UNREACHABLE, e.kind());
        assertTrue(e.getMessage().startsWith("cannot connect to node 'n1' at 127.0.0.1:" + port), e.getMessage());
        noSecret(e);
        assertNull(c.hostKeyFingerprint());
        assertEquals("root@127.0.0.1:" + port, c.address().toString());
    }

    @Test
    void silentServerFailsWithinTheConnectTimeout() throws Exception {
        int port = server(null);
        SshConnection c = conn(port);
        SshFailure e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(SshFailure.class, c::connect));
        assertEquals(SshFailure.Kind.UNREACHABLE, e.kind());
        noSecret(e);
    }

    @Test
    void nonSshServerIsUnreachable() throws Exception {
        int port = server("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        SshConnection c = conn(port);
        SshFailure e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(SshFailure.class, c::connect));
        assertEquals(SshFailure.Kind.UNREACHABLE, e.kind());
        noSecret(e);
    }

    @Test
    void runOnAnUnreachableNodeFailsCleanly() throws Exception {
        SshConnection c = conn(closedPort());
        SshFailure e = assertThrows(SshFailure.class, () -> c.run(List.of("true"), Duration.ofSeconds(5)));
        assertEquals(SshFailure.Kind.UNREACHABLE, e.kind());
        noSecret(e);
    }
}
