package faastestbed.gateway.node;

import faastestbed.gateway.runtime.Endpoint;
import faastestbed.gateway.runtime.HandlerClient;
import faastestbed.gateway.ssh.SshConnection;
import faastestbed.policy.scheduling.FunctionState;
import faastestbed.policy.scheduling.NodeView;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registered node and what the gateway knows of it at run time: its kept SSH connection, the last load
 * sample, health, invocations in flight and how warm each function is on it.
 */
public final class Node {
    private final String name;
    private final String authKind;
    private final Instant registeredAt;
    private final SshConnection ssh;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, FunctionState> functionStates = new ConcurrentHashMap<>();
    private final ColdImageGate coldGate = new ColdImageGate();
    private final Admission admission;
    private volatile LoadSample load = LoadSample.NONE;
    private volatile boolean healthy = true;
    /** Down when the metrics stream said so, or a call found the engine unreachable; a sample saying up clears it. */
    private volatile EngineState engine = EngineState.UNKNOWN;
    private volatile long engineDownSince;
    /** Until then a sample saying up (or unknown) does not lift a call's verdict that the engine is down. */
    private volatile long callDownUntilUp;
    private volatile long callDownUntilUnknown;
    private static final long CALL_VERDICT_AGAINST_UP = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
    private static final long CALL_VERDICT_AGAINST_UNKNOWN = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private final java.util.concurrent.atomic.AtomicLong engineRecoveries = new java.util.concurrent.atomic.AtomicLong();
    private volatile String lastError = "";
    private final AtomicInteger failedSamples = new AtomicInteger();

    private final HandlerClient handlers;
    /** Memory offered to function containers as declared at registration; -1: derive it from the node's limit. */
    private final long declaredMemoryMb;
    /** The running container of each function in warmed mode whose handler answered ready. */
    private final Map<String, Endpoint> warmEndpoints = new ConcurrentHashMap<>();

    public Node(String name, String authKind, SshConnection ssh, Instant registeredAt, boolean keepHandlerChannels,
                Admission.Limits limits, long declaredMemoryMb) {
        this.declaredMemoryMb = declaredMemoryMb;
        this.name = name;
        this.authKind = authKind;
        this.ssh = ssh;
        this.registeredAt = registeredAt;
        this.handlers = new HandlerClient(ssh, keepHandlerChannels);
        this.admission = new Admission(limits);
    }

    /** Calls into the resident handlers of this node's containers, over its SSH connection. */
    public HandlerClient handlers() {
        return handlers;
    }

    public java.util.Optional<Endpoint> warmEndpoint(String function) {
        return java.util.Optional.ofNullable(warmEndpoints.get(function));
    }

    public void setWarmEndpoint(String function, Endpoint ep) {
        Endpoint old = warmEndpoints.put(function, ep);
        if (old != null && !old.equals(ep)) {
            handlers.forget(old);
        }
    }

    /** The warm container of the function is gone (crashed, killed, removed): forget where it was. */
    public void clearWarmEndpoint(String function) {
        Endpoint old = warmEndpoints.remove(function);
        if (old != null) {
            handlers.forget(old);
        }
    }

    public String name() {
        return name;
    }

    /**
     * Memory the node offers to function containers: as declared at registration, else its memory limit less
     * {@code reserveMb} for its own engine and sshd; -1 when neither is known.
     */
    public long memoryCapacityMb(long reserveMb) {
        if (declaredMemoryMb > 0) {
            return declaredMemoryMb;
        }
        long limit = load.memLimitBytes();
        return limit <= 0 ? -1 : Math.max(0, limit / (1024 * 1024) - reserveMb);
    }

    public long declaredMemoryMb() {
        return declaredMemoryMb;
    }

    public String authKind() {
        return authKind;
    }

    public Instant registeredAt() {
        return registeredAt;
    }

    public SshConnection ssh() {
        return ssh;
    }

    /** The node's bound on concurrent invocations and its queue. */
    public Admission admission() {
        return admission;
    }

    public ColdImageGate coldGate() {
        return coldGate;
    }

    public LoadSample load() {
        return load;
    }

    /** Reachable over SSH and its engine not known to be down: the node is in scheduling. */
    public boolean healthy() {
        return healthy && engine != EngineState.DOWN;
    }

    public EngineState engine() {
        return engine;
    }

    /** Times the engine came back after being down, since registration. */
    public long engineRecoveries() {
        return engineRecoveries.get();
    }

    /**
     * A call found the node's engine not answering: out of scheduling now, not after the next sample, so the calls
     * behind this one go elsewhere. The stream may still say up for a moment (the node's supervisor looks once a
     * second), and a host without the supervisor never says either way: the call's verdict holds a while before a
     * sample may lift it.
     */
    public void engineDown(String error) {
        long now = System.nanoTime();
        if (engine != EngineState.DOWN) {
            engineDownSince = now;
        }
        engine = EngineState.DOWN;
        callDownUntilUp = now + CALL_VERDICT_AGAINST_UP;
        callDownUntilUnknown = now + CALL_VERDICT_AGAINST_UNKNOWN;
        lastError = error;
    }

    public String lastError() {
        return lastError;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public void startInvocation() {
        inFlight.incrementAndGet();
    }

    public void endInvocation() {
        inFlight.decrementAndGet();
    }

    public FunctionState state(String function) {
        return functionStates.getOrDefault(function, FunctionState.ABSENT);
    }

    public void setState(String function, FunctionState state) {
        functionStates.put(function, state);
    }

    public void forget(String function) {
        functionStates.remove(function);
        clearWarmEndpoint(function);
    }

    public Map<String, FunctionState> states() {
        return Map.copyOf(functionStates);
    }

    void sampled(LoadSample sample) {
        load = sample;
        failedSamples.set(0);
        healthy = true;
        EngineState before = engine;
        EngineState next = sample.engine();
        long now = System.nanoTime();
        if (before == EngineState.DOWN && next != EngineState.DOWN
                && now < (next == EngineState.UP ? callDownUntilUp : callDownUntilUnknown)) {
            return;  // a call saw it down just now; this sample may predate that
        }
        engine = next;
        if (next == EngineState.DOWN) {
            if (before != EngineState.DOWN) {
                engineDownSince = now;
            }
            lastError = "the node's Docker engine is down";
            return;
        }
        if (before == EngineState.DOWN) {
            engineRecoveries.incrementAndGet();
            org.jboss.logging.Logger.getLogger(Node.class).infof("node %s: Docker engine answers again after %d ms",
                    name, (now - engineDownSince) / 1_000_000);
            // Warm containers are left as they are: with live-restore they survived; one that did not is found
            // missing by the next call (refused) and replaced then.
        }
        lastError = "";
    }

    /** Three misses in a row mark the node unhealthy, so slow samples under load do not take it out. */
    void sampleFailed(String error) {
        lastError = error;
        if (failedSamples.incrementAndGet() >= 3) {
            healthy = false;
        }
    }

    void unreachable(String error) {
        lastError = error;
        healthy = false;
    }

    public NodeView view(String function) {
        return new NodeView(name, load.cpuPercent(), load.ramPercent(), inFlight.get(), healthy(), state(function));
    }
}
