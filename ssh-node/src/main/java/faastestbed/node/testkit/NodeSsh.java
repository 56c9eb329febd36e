package faastestbed.node.testkit;

import faastestbed.common.net.NoDelaySocketFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.IOUtils;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;

/**
 * A small sshj client for tests: one connection to a node, a new session per command.
 *
 * <p>TCP_NODELAY is switched on (sshj leaves it off, which costs ~40 ms per round trip). The connection is pinned to
 * the node's host keys when connected through a {@link NodeHandle}; {@link #connect} with {@code null} as verifier
 * accepts any host key (tests only).
 */
public final class NodeSsh implements AutoCloseable {

    /** The outcome of one command. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Returns this result, or throws with the command's output when the exit code is not 0. */
        public Result orThrow() {
            if (!ok()) {
                throw new IllegalStateException("exit code " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
            }
            return this;
        }
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private final SSHClient client;

    private NodeSsh(SSHClient client) {
        this.client = client;
    }

    /** Connects to {@code node} and logs in with the cluster's private key; the host key must be the node's. */
    public static NodeSsh connectWithKey(NodeHandle node) throws IOException {
        SSHClient ssh = newClient(pinnedTo(node.hostKeyFingerprints()));
        try {
            ssh.connect(node.sshHost(), node.sshPort());
            ssh.authPublickey(node.username(), ssh.loadKeys(node.privateKeyPem(), null, null));
            return new NodeSsh(ssh);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ssh);
            throw e;
        }
    }

    /** Connects to {@code node} and logs in with {@code password}; the host key must be the node's. */
    public static NodeSsh connectWithPassword(NodeHandle node, String password) throws IOException {
        return connect(node.sshHost(), node.sshPort(), pinnedTo(node.hostKeyFingerprints()),
                node.username(), null, password);
    }

    /**
     * Connects and logs in with a private key (OpenSSH or PKCS#8 PEM) or, when that is {@code null}, a password.
     * A {@code null} verifier accepts any host key.
     */
    public static NodeSsh connect(String host, int port, HostKeyVerifier verifier, String username,
                                  String privateKeyPem, String password) throws IOException {
        SSHClient ssh = newClient(verifier);
        try {
            ssh.connect(host, port);
            if (privateKeyPem != null) {
                ssh.authPublickey(username, ssh.loadKeys(privateKeyPem, null, null));
            } else {
                ssh.authPassword(username, password);
            }
            return new NodeSsh(ssh);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ssh);
            throw e;
        }
    }

    /** A fresh, unconnected sshj client with TCP_NODELAY and the given host-key verifier (null: accept any). */
    public static SSHClient newClient(HostKeyVerifier verifier) {
        SSHClient ssh = new SSHClient();
        ssh.addHostKeyVerifier(verifier != null ? verifier : new PromiscuousVerifier());
        ssh.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        ssh.setConnectTimeout(10_000);
        ssh.setTimeout(0);
        return ssh;
    }

    /** A verifier that accepts exactly the host keys with these OpenSSH SHA256 fingerprints. */
    public static HostKeyVerifier pinnedTo(Collection<String> fingerprints) {
        Set<String> allowed = Set.copyOf(fingerprints);
        return new HostKeyVerifier() {
            @Override
            public boolean verify(String hostname, int port, PublicKey key) {
                return allowed.contains(fingerprintOf(key));
            }

            @Override
            public List<String> findExistingAlgorithms(String hostname, int port) {
                return List.of();
            }

            @Override
            public String toString() {
                return "pinned to " + allowed;
            }
        };
    }

    /** OpenSSH SHA256 fingerprint of a public key as sshj sees it. */
    public static String fingerprintOf(PublicKey key) {
        return SshKeys.fingerprint(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
    }

    /** Runs {@code command} (a shell command line) with the default timeout. */
    public Result exec(String command) throws IOException {
        return exec(command, DEFAULT_TIMEOUT);
    }

    /** Runs {@code command} (a shell command line) in a new session and waits for it to end. */
    public Result exec(String command, Duration timeout) throws IOException {
        try (Session session = client.startSession()) {
            Session.Command cmd = session.exec(command);
            // Drain both streams concurrently, or a chatty command could block on a full window.
            StreamReader out = new StreamReader(cmd.getInputStream(), "ssh-stdout");
            StreamReader err = new StreamReader(cmd.getErrorStream(), "ssh-stderr");
            out.start();
            err.start();
            try {
                cmd.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                throw new IOException("'" + command + "' did not end within " + timeout, e);
            }
            try {
                out.join(5_000);
                err.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            Integer status = cmd.getExitStatus();
            if (status == null) {
                throw new IOException("no exit status for '" + command + "' (signal " + cmd.getExitSignal() + ")");
            }
            return new Result(status, out.text(), err.text());
        }
    }

    /** The underlying authenticated client. */
    public SSHClient client() {
        return client;
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    private static void closeQuietly(SSHClient ssh) {
        try {
            ssh.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static final class StreamReader extends Thread {
        private final InputStream in;
        private volatile String text = "";

        StreamReader(InputStream in, String name) {
            super(name);
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            try {
                text = IOUtils.readFully(in).toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "<unreadable: " + e + ">";
            }
        }

        String text() {
            return text;
        }
    }
}
