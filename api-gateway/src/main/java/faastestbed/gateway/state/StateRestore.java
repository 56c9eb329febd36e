package faastestbed.gateway.state;

import faastestbed.gateway.cluster.ClusterService;
import faastestbed.gateway.invocation.AsyncInvocations;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * At start, what the previous gateway process left: namespaces and their tokens, settings, then nodes (reconnected; one that does not answer
 * stays registered, unhealthy, and is tried again every few seconds), then functions (each node's state looked at
 * and kept where it is already what the mode promises), then containers of unregistered functions removed, then
 * asynchronous invocations. Not ready ({@code /q/health/ready}) until that is done. A missing or wrong key stops the
 * start with what to do.
 */
@ApplicationScoped
@Readiness
public class StateRestore implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(StateRestore.class);
    private static final long RETRY_SECONDS = 2;

    private final StateDb db;
    private final NodeStore nodes;
    private final FunctionStore functions;
    private final SettingsStore settings;
    private final NamespaceStore namespaceStore;
    private final ClusterService cluster;
    private final AsyncInvocations async;
    private final Set<String> unanswered = ConcurrentHashMap.newKeySet();
    /**
     * A file in the state directory asking the next start to begin on an empty state, once (./start.sh writes it
     * unless --keep-state). Unlike a removed directory, this gives the calls the state still holds their rows first;
     * unlike a setting, a later restart of the same gateway keeps its state.
     */
    public static final String FRESH_MARKER = "start-fresh";
    private final boolean fresh;
    private final Path stateDir;
    private volatile boolean done;
    private ScheduledExecutorService retry;

    @Inject
    public StateRestore(StateDb db, NodeStore nodes, FunctionStore functions, SettingsStore settings,
                        NamespaceStore namespaceStore, ClusterService cluster, AsyncInvocations async,
                        @ConfigProperty(name = "testbed.state.fresh", defaultValue = "false") boolean fresh,
                        @ConfigProperty(name = "testbed.state.dir", defaultValue = "./state") String stateDir) {
        this.fresh = fresh;
        this.stateDir = Path.of(stateDir);
        this.namespaceStore = namespaceStore;
        this.db = db;
        this.nodes = nodes;
        this.functions = functions;
        this.settings = settings;
        this.cluster = cluster;
        this.async = async;
    }

    void start(@Observes StartupEvent event) {
        if (!db.enabled()) {
            done = true;
            return;
        }
        long t0 = System.nanoTime();
        Path marker = stateDir.resolve(FRESH_MARKER);
        if (fresh || Files.exists(marker)) {
            int dropped = async.abandonStored();
            db.forgetAll();
            try {
                Files.deleteIfExists(marker);
            } catch (IOException e) {
                throw new StateUnusable("cannot remove " + marker + " after emptying the state (" + e.getMessage()
                        + "): the next start would empty it again");
            }
            LOG.infof("fresh state: the stored state is emptied; %d asynchronous invocation(s) an earlier gateway"
                    + " accepted and did not finish got their row", dropped);
        }
        db.box();  // the key first: a wrong one stops the start before anything is touched
        List<NodeStore.Stored> storedNodes = nodes.all();
        List<FunctionStore.Stored> storedFunctions = functions.all();
        cluster.restoreNamespaces(namespaceStore.all(), namespaceStore.tokens());
        settings.load().ifPresent(change -> {
            try {
                cluster.restoreSettings(change);
            } catch (RuntimeException e) {
                LOG.warnf("the stored settings no longer apply (%s); the configured start values hold", e.getMessage());
            }
        });
        // In parallel: a node that does not answer costs its connect timeout, not everyone's.
        java.util.concurrent.ExecutorService connecting = Executors.newFixedThreadPool(Math.max(1, Math.min(16, storedNodes.size())));
        try {
            for (NodeStore.Stored n : storedNodes) {
                connecting.submit(() -> {
                    try {
                        if (!cluster.restoreNode(n.registration(), n.registeredAt())) {
                            unanswered.add(n.registration().name());
                        }
                    } catch (RuntimeException e) {
                        LOG.errorf("stored node '%s' could not be registered again: %s", n.registration().name(),
                                e.getMessage());
                    }
                });
            }
        } finally {
            connecting.shutdown();
        }
        try {
            connecting.awaitTermination(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int found = 0;
        int prepared = 0;
        for (FunctionStore.Stored f : storedFunctions) {
            try {
                int[] c = cluster.restoreFunction(f.registration(), f.registeredAt());
                found += c[0];
                prepared += c[1];
            } catch (RuntimeException e) {
                LOG.errorf("stored function '%s' could not be registered again: %s", f.id(), e.getMessage());
            }
        }
        cluster.removeStraysAfterRestore();
        int[] a = async.restore();
        LOG.infof("state restored in %d ms: %d node(s) (%d not answering, retried every %d s), %d function(s)"
                        + " (on %d node x function pairs the state was found and kept, on %d it was made),"
                        + " %d asynchronous invocation(s) queued again, %d that were running marked failed",
                (System.nanoTime() - t0) / 1_000_000, storedNodes.size(), unanswered.size(), RETRY_SECONDS,
                storedFunctions.size(), found, prepared, a[0], a[1]);
        done = true;
        if (!unanswered.isEmpty()) {
            retry = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "state-node-retry");
                t.setDaemon(true);
                return t;
            });
            retry.scheduleWithFixedDelay(this::retry, RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void retry() {
        for (String name : List.copyOf(unanswered)) {
            try {
                if (cluster.settleRestored(name)) {
                    unanswered.remove(name);
                    LOG.infof("stored node '%s' answers again and is prepared", name);
                }
            } catch (RuntimeException e) {
                LOG.warnf("stored node '%s': %s", name, e.getMessage());
            }
        }
        if (unanswered.isEmpty()) {
            retry.shutdown();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (retry != null) {
            retry.shutdownNow();
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("stored state restored").status(done).build();
    }
}
