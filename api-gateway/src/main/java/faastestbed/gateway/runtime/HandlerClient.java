package faastestbed.gateway.runtime;

import faastestbed.gateway.ssh.SshConnection;
import faastestbed.gateway.ssh.SshFailure;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Calls the resident handlers of one node's containers through that node's kept SSH connection: every call is an
 * HTTP request on a direct-tcpip channel to the container's own address, so nothing is published on the node.
 * Channels are kept open between calls (HTTP keep-alive) when {@code keepChannels} is on; a call takes an idle one of
 * its endpoint, or opens one. Concurrent calls use different channels, so answers are never mixed.
 * Thread-safe.
 */
public final class HandlerClient implements AutoCloseable {
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "handler-deadlines");
        t.setDaemon(true);
        return t;
    });
    /** Closing a channel waits for the peer's answer: never on the one deadline thread, so no deadline waits on it. */
    private static final java.util.concurrent.ExecutorService CLOSERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "handler-close");
        t.setDaemon(true);
        return t;
    });
    /** Idle channels kept per endpoint; more than this many concurrent calls open and close their own. */
    private static final int MAX_IDLE_PER_ENDPOINT = 32;

    private final SshConnection ssh;
    private final boolean keepChannels;
    private final Map<Endpoint, Deque<Channel>> idle = new ConcurrentHashMap<>();

    /** What one call cost and brought back. */
    public record Reply(HandlerResponse response, long channelMs, long requestMs) {
    }

    public HandlerClient(SshConnection ssh, boolean keepChannels) {
        this.ssh = ssh;
        this.keepChannels = keepChannels;
    }

    /** {@code POST /run} with the payload; the answer's body is at most {@code maxOutput} bytes. */
    public Reply run(Endpoint ep, byte[] payload, Duration timeout, long maxOutput) {
        byte[] request = HandlerHttp.request("POST", "/run", ep.host() + ":" + ep.port(), payload);
        // No retry on another channel when a kept one gets no answer: the contract's runtimes never drop an idle
        // connection, so a silent close means the handler died (and a retry would run a non-idempotent call twice).
        Channel c = keepChannels ? takeIdle(ep) : null;
        long channelMs = 0;
        if (c == null) {
            long t0 = System.nanoTime();
            c = open(ep);
            channelMs = Math.round((System.nanoTime() - t0) / 1e6);
        }
        try {
            return exchange(ep, c, request, timeout, maxOutput, channelMs);
        } catch (StaleChannel e) {
            c.close();
            throw new HandlerFailure(HandlerFailure.Kind.BROKEN, "the handler in " + ep.container()
                    + " closed the connection without answering (did its process die?)", e.getCause());
        }
    }

    /** One {@code GET /ready} on a fresh channel: true when the handler answers 200. Never throws for a refusal. */
    public boolean ready(Endpoint ep, Duration timeout) {
        Channel c;
        try {
            c = open(ep);
        } catch (HandlerFailure e) {
            if (e.kind() == HandlerFailure.Kind.REFUSED) {
                return false;
            }
            throw e;
        }
        try {
            Reply r = exchange(ep, c, HandlerHttp.request("GET", "/ready", ep.host() + ":" + ep.port(), new byte[0]),
                    timeout, 4096, 0);
            return r.response().status() == 200;
        } catch (StaleChannel | HandlerFailure e) {
            c.close();
            return false;
        }
    }

    /**
     * Polls {@link #ready} until it answers or the time is up. Each refused poll is one channel-open round trip to
     * the node's sshd (about a millisecond), so a short pause between polls keeps the start-to-ready time precise.
     *
     * @return whether the handler became ready in time
     */
    public boolean awaitReady(Endpoint ep, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMs = 2;
        while (true) {
            if (ready(ep, Duration.ofSeconds(5))) {
                return true;
            }
            if (System.nanoTime() + pauseMs * 1_000_000 > deadline) {
                return false;
            }
            Thread.sleep(pauseMs);
            pauseMs = Math.min(20, pauseMs + 2);
        }
    }

    /** Closes the kept channels of an endpoint whose container is gone or replaced. */
    public void forget(Endpoint ep) {
        Deque<Channel> q = idle.remove(ep);
        if (q != null) {
            q.forEach(Channel::close);
        }
    }

    /** Closes the kept channels to the handler of a container (by the name its endpoint carries). */
    public void forgetContainer(String container) {
        idle.keySet().stream().filter(ep -> ep.container().equals(container)).toList().forEach(this::forget);
    }

    @Override
    public void close() {
        idle.values().forEach(q -> q.forEach(Channel::close));
        idle.clear();
    }

    private Reply exchange(Endpoint ep, Channel c, byte[] request, Duration timeout, long maxOutput, long channelMs)
            throws StaleChannel {
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> alarm = DEADLINES.schedule(() -> {
            timedOut.set(true);
            CLOSERS.execute(c::close);
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        long t0 = System.nanoTime();
        HandlerResponse response;
        try {
            try {
                c.out.write(request);
                c.out.flush();
            } catch (IOException e) {
                if (timedOut.get()) {
                    throw timeout(ep, timeout, e);
                }
                throw new StaleChannel(e);
            }
            response = HandlerHttp.read(c.in, maxOutput);
        } catch (HandlerHttp.NoAnswerException e) {
            if (timedOut.get()) {
                throw timeout(ep, timeout, e);
            }
            throw new StaleChannel(e);
        } catch (HandlerProtocolException e) {
            c.close();
            throw new HandlerFailure(HandlerFailure.Kind.PROTOCOL, "the handler in " + ep.container() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            c.close();
            if (timedOut.get()) {
                throw timeout(ep, timeout, e);
            }
            throw new HandlerFailure(HandlerFailure.Kind.BROKEN, "the connection to the handler in " + ep.container()
                    + " broke mid-answer (did its process die?): " + e.getMessage(), e);
        } finally {
            alarm.cancel(false);
        }
        long requestMs = Math.round((System.nanoTime() - t0) / 1e6);
        if (keepChannels && response.keepAlive() && !timedOut.get()) {
            giveBack(ep, c);
        } else {
            c.close();
        }
        return new Reply(response, channelMs, requestMs);
    }

    private static HandlerFailure timeout(Endpoint ep, Duration timeout, Throwable cause) {
        return new HandlerFailure(HandlerFailure.Kind.TIMEOUT, "the handler in " + ep.container()
                + " did not answer within " + describe(timeout), cause);
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private Channel takeIdle(Endpoint ep) {
        Deque<Channel> q = idle.get(ep);
        if (q == null) {
            return null;
        }
        for (Channel c; (c = q.pollFirst()) != null; ) {
            if (c.usable()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    private void giveBack(Endpoint ep, Channel c) {
        Deque<Channel> q = idle.computeIfAbsent(ep, k -> new ConcurrentLinkedDeque<>());
        if (q.size() >= MAX_IDLE_PER_ENDPOINT) {
            c.close();
        } else {
            q.offerFirst(c);
        }
    }

    private Channel open(Endpoint ep) {
        try {
            DirectConnection dc = ssh.tunnel(ep.host(), ep.port());
            return new Channel(dc);
        } catch (SshFailure e) {
            if (e.kind() == SshFailure.Kind.TARGET_REFUSED) {
                throw new HandlerFailure(HandlerFailure.Kind.REFUSED, "nothing answers at " + ep.host() + ":" + ep.port()
                        + " (container " + ep.container() + "): " + e.getMessage(), e);
            }
            throw new HandlerFailure(HandlerFailure.Kind.NODE, e.getMessage(), e);
        }
    }

    /** The channel ended before any answer came. */
    private static final class StaleChannel extends Exception {
        StaleChannel(Throwable cause) {
            super(cause);
        }
    }

    private static final class Channel {
        final DirectConnection dc;
        final InputStream in;
        final OutputStream out;

        Channel(DirectConnection dc) {
            this.dc = dc;
            this.in = new BufferedInputStream(dc.getInputStream(), 64 * 1024);
            this.out = dc.getOutputStream();
        }

        boolean usable() {
            return dc.isOpen() && !dc.isEOF();
        }

        void close() {
            try {
                dc.close();
            } catch (IOException | RuntimeException ignored) {
                // already closed or broken: nothing left to release
            }
        }
    }
}
