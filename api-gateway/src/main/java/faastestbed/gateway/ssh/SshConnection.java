package faastestbed.gateway.ssh;

import faastestbed.common.net.NoDelaySocketFactory;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.IOUtils;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One kept SSH connection to one node; every command gets a new session (channel) on it. With TCP_NODELAY a
 * command costs ~5 ms instead of ~48 ms (sshj leaves Nagle on) and a new connection per command ~100-150 ms.
 * The host key is pinned: the first connection records it (unless one was given), later ones must match.
 * Thread-safe: sessions of many invocations share the connection concurrently.
 */
public final class SshConnection implements AutoCloseable {
    public static final int MAX_OUTPUT = 64 * 1024;

    private static final ExecutorService STREAMS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ssh-stream");
        t.setDaemon(true);
        return t;
    });
    private static final DefaultConfig CONFIG = new DefaultConfig();

    private final String nodeName;
    private final NodeAddress address;
    private final Credentials credentials;
    private final Duration connectTimeout;
    private final AtomicReference<String> pinnedFingerprint;
    private SSHClient client;
    private boolean closed;

    public SshConnection(String nodeName, NodeAddress address, Credentials credentials, String expectedFingerprint,
                         Duration connectTimeout) {
        this.nodeName = nodeName;
        this.address = address;
        this.credentials = credentials;
        this.connectTimeout = connectTimeout;
        this.pinnedFingerprint = new AtomicReference<>(expectedFingerprint == null ? null : HostKeys.normalise(expectedFingerprint));
    }

    public NodeAddress address() {
        return address;
    }

    /** The pinned host key fingerprint; null until the first successful connection. */
    public String hostKeyFingerprint() {
        return pinnedFingerprint.get();
    }

    /**
     * Connects now (if not connected) so that errors surface at registration, not at the first invocation.
     *
     * @throws SshFailure AUTH_FAILED when the node refused the login (the caller's password or key is wrong); any
     *                    other kind when the node failed (unreachable, host key, a connection lost during the login)
     */
    public synchronized void connect() {
        client();
    }

    /** Runs argv with each argument shell-quoted: nothing in it is interpreted by the remote shell. */
    public CommandResult run(List<String> argv, Duration timeout) {
        return exec(ShellQuote.join(argv), null, timeout);
    }

    /**
     * Runs a command line the gateway composed itself (e.g. with redirections). Callers must quote every value
     * that came from outside with {@link ShellQuote}.
     */
    public CommandResult exec(String commandLine, byte[] stdin, Duration timeout) {
        return exec(commandLine, stdin, timeout, MAX_OUTPUT);
    }

    /**
     * As {@link #exec(String, byte[], Duration)}, keeping up to {@code maxStdout} bytes of standard output byte for
     * byte (a function's output may be binary and megabytes long). A non-null stdin is sent and then closed.
     */
    public CommandResult exec(String commandLine, byte[] stdin, Duration timeout, int maxStdout) {
        long t0 = System.nanoTime();
        Session session = openSession();
        long sessionMs = Math.round((System.nanoTime() - t0) / 1e6);
        long t1 = System.nanoTime();
        try (session) {
            Session.Command cmd = session.exec(commandLine);
            Future<String> err = STREAMS.submit(() -> readCapped(cmd.getErrorStream()));
            Future<byte[]> out = STREAMS.submit(() -> readCapped(cmd.getInputStream(), maxStdout));
            if (stdin != null) {
                try (OutputStream in = cmd.getOutputStream()) {
                    in.write(stdin);
                    in.flush();
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            byte[] stdout = await(out, deadline, session, timeout);
            String stderr = await(err, deadline, session, timeout);
            cmd.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            Integer exit = cmd.getExitStatus();
            long durationMs = Math.round((System.nanoTime() - t1) / 1e6);
            // No exit status means the remote side died with a signal or the channel broke.
            return new CommandResult(exit == null ? 255 : exit, stdout, stderr, sessionMs, durationMs);
        } catch (IOException e) {
            dropBrokenClient();
            throw new SshFailure(SshFailure.Kind.CHANNEL, "command on node '" + nodeName + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a long-lived command (its script, if any, sent on stdin, which is then closed) and returns its output as
     * a stream of lines. The caller owns the stream and must close it.
     */
    public RemoteStream stream(String commandLine, byte[] stdin) {
        Session session = openSession();
        try {
            Session.Command cmd = session.exec(commandLine);
            try (OutputStream in = cmd.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            return new RemoteStream(nodeName, session, cmd);
        } catch (IOException e) {
            try {
                session.close();
            } catch (IOException ignored) {
                // reporting the first failure is what matters
            }
            dropBrokenClient();
            throw new SshFailure(SshFailure.Kind.CHANNEL, "command on node '" + nodeName + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * A direct-tcpip channel from the node's sshd to {@code host:port} as the node sees it (e.g. a container's own
     * address on the node's Docker network): a TCP connection that needs no port published on the node.
     * The caller owns the channel and must close it.
     *
     * @throws SshFailure UNREACHABLE when the node's sshd could not connect to the target (e.g. nothing listens)
     */
    public DirectConnection tunnel(String host, int port) {
        try {
            // A failed open on a connection that is still up is not the connection's fault: the node's sshd is still
            // connecting to the target (an address nobody holds any more, say). Trying again would only wait again.
            return onKeptConnection("a channel to " + host + ":" + port, c -> c.newDirectConnection(host, port), false);
        } catch (SshFailure e) {
            if (e.getCause() instanceof OpenFailException refused) {
                // The node's sshd answered: the target refused or is unknown. The SSH connection itself is fine.
                throw new SshFailure(SshFailure.Kind.TARGET_REFUSED, "node '" + nodeName + "' cannot connect to "
                        + host + ":" + port + ": " + refused.getMessage(), refused);
            }
            throw e;
        }
    }

    private static <T> T await(Future<T> f, long deadline, Session session, Duration timeout) {
        try {
            return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            try {
                session.close();
            } catch (IOException ignored) {
                // closing is best effort; the timeout is what we report
            }
            throw new SshFailure(SshFailure.Kind.TIMEOUT, "command did not finish within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SshFailure(SshFailure.Kind.CHANNEL, "interrupted");
        } catch (ExecutionException e) {
            throw new SshFailure(SshFailure.Kind.CHANNEL, "reading command output failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Reads all of it (so the command never blocks on a full pipe) and keeps the first {@code max} bytes. */
    private static byte[] readCapped(InputStream in, int max) throws IOException {
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[32 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            int keep = (int) Math.max(0, Math.min(n, max - total));
            kept.write(buf, 0, keep);
            total += n;
        }
        return kept.toByteArray();
    }

    private static String readCapped(InputStream in) throws IOException {
        byte[] all = IOUtils.readFully(in).toByteArray();
        String s = new String(all, StandardCharsets.UTF_8);
        return s.length() > MAX_OUTPUT ? s.substring(0, MAX_OUTPUT) + "\n[output cut at " + MAX_OUTPUT + " characters]" : s;
    }

    /** A new session on the kept connection; if the connection died, one reconnect is tried. */
    private Session openSession() {
        return onKeptConnection("a session", SSHClient::startSession, true);
    }

    private interface Opener<T> {
        T open(SSHClient client) throws IOException;
    }

    /**
     * Opens something on the kept connection. When that fails because the connection died, it reconnects and tries
     * once more; {@code retryOnLiveConnection} also retries when the connection still looks up.
     */
    private <T> T onKeptConnection(String what, Opener<T> opener, boolean retryOnLiveConnection) {
        for (int attempt = 0; ; attempt++) {
            SSHClient c;
            synchronized (this) {
                c = client();
            }
            try {
                return opener.open(c);
            } catch (IOException e) {
                dropBrokenClient();
                if (attempt >= 1 || (!retryOnLiveConnection && c.isConnected() && c.isAuthenticated())) {
                    throw new SshFailure(SshFailure.Kind.UNREACHABLE, "cannot open " + what + " on node '" + nodeName
                            + "' (" + address + "): " + e.getMessage(), e);
                }
            }
        }
    }

    private synchronized void dropBrokenClient() {
        if (client != null && !(client.isConnected() && client.isAuthenticated())) {
            closeQuietly(client);
            client = null;
        }
    }

    private SSHClient client() {
        if (closed) {
            throw new SshFailure(SshFailure.Kind.UNREACHABLE, "connection to node '" + nodeName + "' was closed");
        }
        if (client != null && client.isConnected() && client.isAuthenticated()) {
            return client;
        }
        closeQuietly(client);
        client = null;
        SSHClient c = new SSHClient(CONFIG);
        c.setConnectTimeout((int) connectTimeout.toMillis());
        c.setTimeout((int) connectTimeout.toMillis());
        // Bounds waiting for a channel to open, so a hung node fails a command instead of blocking it.
        c.getConnection().setTimeoutMs((int) connectTimeout.toMillis());
        c.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        AtomicReference<String> presented = new AtomicReference<>();
        c.addHostKeyVerifier(new HostKeyVerifier() {
            @Override
            public boolean verify(String hostname, int port, PublicKey key) {
                String fp = HostKeys.fingerprint(key);
                presented.set(fp);
                String pinned = pinnedFingerprint.get();
                return pinned == null || pinned.equals(fp);
            }

            @Override
            public List<String> findExistingAlgorithms(String hostname, int port) {
                return List.of();
            }
        });
        try {
            c.connect(address.host(), address.port());
        } catch (TransportException e) {
            closeQuietly(c);
            String pinned = pinnedFingerprint.get();
            if (pinned != null && presented.get() != null && !pinned.equals(presented.get())) {
                throw new SshFailure(SshFailure.Kind.HOST_KEY_CHANGED, "host key of node '" + nodeName + "' changed: pinned "
                        + pinned + ", presented " + presented.get()
                        + "; refusing to connect (delete and re-register the node if the change is expected)", e);
            }
            throw new SshFailure(SshFailure.Kind.UNREACHABLE, "cannot connect to node '" + nodeName + "' at "
                    + address.host() + ":" + address.port() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(c);
            throw new SshFailure(SshFailure.Kind.UNREACHABLE, "cannot connect to node '" + nodeName + "' at "
                    + address.host() + ":" + address.port() + ": " + e.getMessage(), e);
        }
        try {
            authenticate(c);
        } catch (IOException e) {
            boolean refused = refused(e, c.isConnected());
            String accepted = refused ? acceptedMethods(c) : "";
            closeQuietly(c);
            throw loginFailure(refused, accepted, e);
        }
        pinnedFingerprint.compareAndSet(null, presented.get());
        client = c;
        return c;
    }

    /**
     * Whether a failed login means the node turned the credentials down (a wrong password, a key it does not
     * authorise) rather than failing itself: sshj reports both as a {@link UserAuthException}, but a refusal leaves
     * the connection up and has no transport error or timeout among its causes.
     */
    static boolean refused(IOException e, boolean stillConnected) {
        if (!(e instanceof UserAuthException) || !stillConnected) {
            return false;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof TransportException || t instanceof java.net.SocketException
                    || t instanceof java.net.SocketTimeoutException || t instanceof TimeoutException) {
                return false;
            }
        }
        return true;
    }

    /** AUTH_FAILED when the node refused the credentials, else UNREACHABLE (the node failed during the login). */
    SshFailure loginFailure(boolean refused, String acceptedMethods, IOException e) {
        String who = "node '" + nodeName + "' as '" + address.username() + "' with " + credentials.kind();
        if (refused) {
            String what = credentials instanceof Credentials.PrivateKey k && k.fallbackPassword() != null
                    ? "the key and the password" : "the " + credentials.kind();
            return new SshFailure(SshFailure.Kind.AUTH_FAILED, "authentication to " + who + " failed: the node refused "
                    + what + acceptedMethods + "; check the username and the " + what.substring(4), e);
        }
        return new SshFailure(SshFailure.Kind.UNREACHABLE, "login to " + who + " did not complete: " + e.getMessage(), e);
    }

    /** What the node said it accepts, e.g. " (it accepts: publickey)"; empty if it did not say. */
    private static String acceptedMethods(SSHClient c) {
        try {
            List<String> methods = new java.util.ArrayList<>();
            c.getUserAuth().getAllowedMethods().forEach(methods::add);
            return methods.isEmpty() ? "" : " (it accepts: " + String.join(", ", methods) + ")";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private void authenticate(SSHClient c) throws IOException {
        if (credentials instanceof Credentials.Password p) {
            c.authPassword(address.username(), p.password());
        } else if (credentials instanceof Credentials.PrivateKey k) {
            KeyProvider keys = c.loadKeys(k.pem(), null, null);
            try {
                c.authPublickey(address.username(), keys);
            } catch (UserAuthException e) {
                if (k.fallbackPassword() == null || !c.isConnected()) {
                    throw e;
                }
                c.authPassword(address.username(), k.fallbackPassword());
            }
        }
    }

    private static void closeQuietly(SSHClient c) {
        if (c == null) {
            return;
        }
        try {
            c.disconnect();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** For good: a closed connection does not reconnect (its node was deleted or the gateway is stopping). */
    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly(client);
        client = null;
    }
}
