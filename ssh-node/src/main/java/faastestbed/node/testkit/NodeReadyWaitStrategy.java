package faastestbed.node.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.testcontainers.containers.Container;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits until a node serves SSH on its mapped port (an {@code SSH-} banner arrives through the port mapping) and
 * its entrypoint has marked it ready ({@code /run/ssh-node.ready}: the nested dockerd answers).
 *
 * <p>Polls every 100 ms instead of relying on the image's HEALTHCHECK, whose 2 s interval would add up to 2 s to
 * every start.
 */
public final class NodeReadyWaitStrategy extends AbstractWaitStrategy {

    static final String READY_CHECK = "test -f /run/ssh-node.ready && pgrep -x sshd >/dev/null";

    private final int sshPort;

    public NodeReadyWaitStrategy(int sshPort) {
        this.sshPort = sshPort;
        this.startupTimeout = Duration.ofSeconds(90);
    }

    @Override
    protected void waitUntilReady() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        String host = waitStrategyTarget.getHost();
        int port = waitStrategyTarget.getMappedPort(sshPort);
        String last = "no SSH banner yet";
        while (true) {
            if (!waitStrategyTarget.isRunning()) {
                throw new ContainerLaunchException("ssh-node container exited during start-up; its log:\n"
                        + tail(waitStrategyTarget.getLogs()));
            }
            if (sshBanner(host, port)) {
                try {
                    Container.ExecResult r = waitStrategyTarget.execInContainer("sh", "-c", READY_CHECK);
                    if (r.getExitCode() == 0) {
                        return;
                    }
                    last = "SSH answers but /run/ssh-node.ready is missing";
                } catch (IOException e) {
                    last = "exec failed: " + e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ContainerLaunchException("interrupted while waiting for the node", e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new ContainerLaunchException("ssh-node not ready within " + startupTimeout + " (" + last
                        + "); its log:\n" + tail(waitStrategyTarget.getLogs()));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted while waiting for the node", e);
            }
        }
    }

    /** True if an SSH server greets us on host:port (Docker's port proxy accepts even when nothing listens). */
    static boolean sshBanner(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            socket.setSoTimeout(1_000);
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4];
            int n = 0;
            while (n < buf.length) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    return false;
                }
                n += r;
            }
            return "SSH-".equals(new String(buf, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(String log) {
        return log.length() > 4_000 ? log.substring(log.length() - 4_000) : log;
    }
}
