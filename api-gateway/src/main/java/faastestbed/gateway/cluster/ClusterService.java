package faastestbed.gateway.cluster;

import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.text.CommandLine;
import faastestbed.gateway.config.SettingsHolder;
import faastestbed.gateway.config.TestbedSettings;
import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.domain.Validation;
import faastestbed.gateway.function.FunctionId;
import faastestbed.gateway.function.FunctionRegistry;
import faastestbed.gateway.namespace.Namespace;
import faastestbed.gateway.namespace.NamespaceLimits;
import faastestbed.gateway.namespace.DeployedImages;
import faastestbed.gateway.namespace.NamespaceRegistry;
import faastestbed.gateway.state.NamespaceStore;
import faastestbed.gateway.function.FunctionSpec;
import faastestbed.gateway.invocation.NodePreparer;
import faastestbed.gateway.node.Admission;
import faastestbed.gateway.node.Node;
import faastestbed.gateway.node.NodeRegistry;
import faastestbed.gateway.pool.PoolService;
import faastestbed.gateway.ssh.Credentials;
import faastestbed.gateway.ssh.NodeAddress;
import faastestbed.gateway.state.FunctionStore;
import faastestbed.gateway.state.NodeStore;
import faastestbed.gateway.state.SettingsStore;
import faastestbed.policy.keepalive.Demand;
import faastestbed.policy.keepalive.KeepAliveCatalog;
import faastestbed.policy.scheduling.PolicyCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Registration and configuration use cases: validate, change the registries, and keep the nodes in the state the
 * current mode promises. Changes that touch nodes are serialised so two of them never prepare the same node at once.
 */
@ApplicationScoped
public class ClusterService {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ClusterService.class);
    private final NodeRegistry nodes;
    private final FunctionRegistry functions;
    private final SettingsHolder settings;
    private final PolicyCatalog policies;
    private final NodePreparer preparer;
    private final PoolService pools;
    private final KeepAliveCatalog keepAlives;
    private final NamespaceRegistry namespaces;
    private final NodeStore nodeStore;
    private final FunctionStore functionStore;
    private final SettingsStore settingsStore;
    private final NamespaceStore namespaceStore;

    @Inject
    public ClusterService(NodeRegistry nodes, FunctionRegistry functions, SettingsHolder settings, PolicyCatalog policies,
                          NodePreparer preparer, PoolService pools, KeepAliveCatalog keepAlives,
                          NamespaceRegistry namespaces, NodeStore nodeStore, FunctionStore functionStore,
                          SettingsStore settingsStore, NamespaceStore namespaceStore) {
        this.namespaces = namespaces;
        this.nodeStore = nodeStore;
        this.functionStore = functionStore;
        this.settingsStore = settingsStore;
        this.namespaceStore = namespaceStore;
        this.pools = pools;
        this.keepAlives = keepAlives;
        this.nodes = nodes;
        this.functions = functions;
        this.settings = settings;
        this.policies = policies;
        this.preparer = preparer;
    }

    public synchronized Node registerNode(NodeRegistration req) {
        CheckedNode c = check(req);
        TestbedSettings s = settings.get();
        Node node = nodes.register(c.name(), c.address(), c.credentials(), req.hostKeyFingerprint(), s.nodeLimits(),
                c.memoryMb());
        preparer.removeStrays(node, registeredNames());
        int index = nodes.all().indexOf(node);
        boolean prepared = s.preparedNodes() == 0 || index < s.preparedNodes();
        for (FunctionSpec f : functions.all()) {
            preparer.prepare(node, f, s.mode(), prepared);
        }
        // Stored with the host key it pinned, so a restarted gateway accepts that node and no other.
        NodeRegistration pinned = new NodeRegistration(c.name(), req.host(), req.port(), req.username(), req.password(),
                req.privateKey(), node.ssh().hostKeyFingerprint(), req.memoryMb());
        try {
            nodeStore.save(pinned, node.registeredAt());
        } catch (RuntimeException e) {
            nodes.remove(c.name());
            throw e;
        }
        return node;
    }

    private record CheckedNode(String name, NodeAddress address, Credentials credentials, long memoryMb) {
    }

    private static CheckedNode check(NodeRegistration req) {
        String name = Validation.name("node name", req.name());
        NodeAddress address = new NodeAddress(Validation.host(req.host()), Validation.port(req.port()),
                Validation.username(req.username()));
        Credentials credentials;
        if (req.privateKey() != null && !req.privateKey().isBlank()) {
            if (!req.privateKey().contains("PRIVATE KEY")) {
                throw TestbedException.badInput("privateKey must be a private key in OpenSSH or PEM format (the text of the key file)");
            }
            credentials = new Credentials.PrivateKey(req.privateKey(), req.password());
        } else if (req.password() != null && !req.password().isEmpty()) {
            credentials = new Credentials.Password(req.password());
        } else {
            throw TestbedException.badInput("give a password or a privateKey for node '" + name + "'");
        }
        if (req.hostKeyFingerprint() != null && !req.hostKeyFingerprint().matches("(?i)(SHA256:)?[A-Za-z0-9+/]{43}=?")) {
            throw TestbedException.badInput("hostKeyFingerprint must look like SHA256:<43 base64 characters> (ssh-keygen -lf)");
        }
        if (req.memoryMb() != null && (req.memoryMb() < 16 || req.memoryMb() > 16 * 1024 * 1024)) {
            throw TestbedException.badInput("memoryMb (memory the node offers to function containers) must be between 16 and 16777216");
        }
        return new CheckedNode(name, address, credentials, req.memoryMb() == null ? -1 : req.memoryMb());
    }

    public synchronized void deleteNode(String name) {
        nodes.remove(name).orElseThrow(() -> TestbedException.notFound("no node named '" + name + "'"));
        pools.forgetNode(name);
        nodeStore.delete(name);
    }

    public synchronized RegisteredFunction registerFunction(FunctionRegistration req) {
        FunctionSpec spec = functions.add(checkFunction(req));
        RegisteredFunction done = prepared(spec);
        try {
            functionStore.save(spec.name(), req, spec.registeredAt());
        } catch (RuntimeException e) {
            functions.remove(spec.name());
            preparer.forget(nodes.all(), spec);
            pools.forgetFunction(spec.name());
            throw e;
        }
        return done;
    }

    /** Every check of a registration, with nothing registered: the {@link FunctionSpec} it would become. */
    public FunctionSpec checkFunction(FunctionRegistration req) {
        return spec(req, Instant.now());
    }

    private FunctionSpec spec(FunctionRegistration req, Instant registeredAt) {
        String namespace = req.namespace() == null ? FunctionId.DEFAULT_NAMESPACE
                : namespaces.get(NamespaceRegistry.validName(req.namespace())).name();
        String shortName = Validation.name("function name", req.name());
        if (shortName.contains("--")) {
            throw TestbedException.badInput("function name '" + shortName + "' is invalid: '--' is kept for joining a "
                    + "namespace to a name in container names");
        }
        String name = FunctionId.of(namespace, shortName).qualified();
        String image = Validation.image(req.image());
        DeployedImages.checkUse(namespace, image);
        List<String> command = Validation.command("command", argv("command", req.command()));
        List<String> keepAlive = req.keepAliveCommand() == null
                ? FunctionSpec.DEFAULT_KEEP_ALIVE
                : Validation.command("keepAliveCommand", argv("keepAliveCommand", req.keepAliveCommand()));
        List<String> handler = req.handler() == null ? List.of()
                : Validation.command("handler", argv("handler", req.handler()));
        java.time.Duration timeout = null;
        if (req.timeoutSeconds() != null) {
            if (req.timeoutSeconds() < 1 || req.timeoutSeconds() > 3600) {
                throw TestbedException.badInput("timeoutSeconds must be between 1 and 3600");
            }
            timeout = java.time.Duration.ofSeconds(req.timeoutSeconds());
        }
        Demand demand;
        try {
            demand = new Demand(name, Objects.requireNonNullElse(req.memoryMb(), Demand.DEFAULT_MEMORY_MB),
                    Objects.requireNonNullElse(req.concurrency(), 1), Objects.requireNonNullElse(req.minIdle(), 0),
                    Objects.requireNonNullElse(req.maxContainers(), 0));
        } catch (IllegalArgumentException e) {
            throw TestbedException.badInput(e.getMessage());
        }
        if (demand.memoryMb() > 1024 * 1024) {
            throw TestbedException.badInput("memoryMb must be at most 1048576");
        }
        return new FunctionSpec(name, image, command, keepAlive, handler, timeout, registeredAt, demand);
    }

    /**
     * Registers the function in place of one of the same name, if any (a deploy from source: the new image has a tag
     * of its own, so nodes pull it). If the new one cannot be registered, the name is left unregistered.
     */
    public synchronized RegisteredFunction replaceFunction(FunctionRegistration req) {
        FunctionSpec next = checkFunction(req);
        functions.remove(next.name()).ifPresent(old -> {
            preparer.forget(nodes.all(), old);
            pools.forgetFunction(old.name());
            functionStore.delete(old.name());
        });
        return registerFunction(req);
    }

    private RegisteredFunction prepared(FunctionSpec spec) {
        String name = spec.name();
        TestbedSettings s = settings.get();
        List<NodePreparer.Step> steps = preparer.reset(nodes.all(), List.of(spec), s.mode(), s.preparedNodes());
        List<NodePreparer.Step> failed = steps.stream().filter(st -> !st.ok()).toList();
        if (!failed.isEmpty()) {
            functions.remove(name);
            preparer.forget(nodes.all(), spec);
            pools.forgetFunction(name);
            throw new TestbedException(TestbedException.Kind.NODE_FAILED, "function '" + name + "' not registered: "
                    + "preparing it for " + s.mode().id() + " mode failed on " + failed.size() + " node(s): "
                    + failed.get(0).error(),
                    Map.of("preparation", steps), null);
        }
        return new RegisteredFunction(spec, steps);
    }

    /** Creates a namespace with its first token (the only time the token's text is shown). */
    public synchronized NamespaceRegistry.IssuedToken createNamespace(String name, NamespaceLimits limits) {
        Namespace ns = namespaces.create(name, limits);
        NamespaceRegistry.IssuedToken issued = namespaces.issue(ns.name());
        try {
            namespaceStore.save(ns);
            namespaceStore.saveToken(issued.record());
        } catch (RuntimeException e) {
            namespaces.remove(ns.name());
            namespaceStore.delete(ns.name());
            throw e;
        }
        return issued;
    }

    public synchronized Namespace updateNamespace(String name, NamespaceLimits limits) {
        Namespace before = namespaces.get(name);
        Namespace next = namespaces.update(name, limits);
        try {
            namespaceStore.save(next);
        } catch (RuntimeException e) {
            namespaces.update(name, before.limits());
            throw e;
        }
        return next;
    }

    public synchronized NamespaceRegistry.IssuedToken issueToken(String namespace) {
        NamespaceRegistry.IssuedToken issued = namespaces.issue(namespace);
        try {
            namespaceStore.saveToken(issued.record());
        } catch (RuntimeException e) {
            namespaces.revoke(namespace, issued.id());
            throw e;
        }
        return issued;
    }

    public synchronized void revokeToken(String namespace, String tokenId) {
        namespaces.tokens(namespace).stream().filter(t -> t.id().equals(tokenId)).findFirst()
                .orElseThrow(() -> TestbedException.notFound("namespace '" + namespace + "' has no token '" + tokenId + "'"));
        namespaceStore.deleteToken(tokenId);  // first: a revoked token must not come back with a restart
        namespaces.revoke(namespace, tokenId);
    }

    /** Removes an empty namespace and its tokens; one that still has functions is refused (409). */
    public synchronized void deleteNamespace(String name) {
        namespaces.get(name);
        if (FunctionId.DEFAULT_NAMESPACE.equals(name)) {
            throw TestbedException.conflict("the default namespace cannot be removed");
        }
        List<String> left = functions.all().stream().filter(f -> f.namespace().equals(name)).map(f -> f.id().name()).toList();
        if (!left.isEmpty()) {
            throw TestbedException.conflict("namespace '" + name + "' still has " + left.size() + " function(s) "
                    + left.subList(0, Math.min(5, left.size())) + ": delete them first");
        }
        namespaceStore.delete(name);  // first: a removed namespace and its tokens must not come back with a restart
        namespaces.remove(name);
    }

    /** Stored namespaces and tokens, back before the functions that live in them (StateRestore). */
    public synchronized void restoreNamespaces(List<Namespace> stored, List<faastestbed.gateway.namespace.TokenRecord> tokens) {
        stored.forEach(namespaces::restore);
        tokens.forEach(namespaces::restore);
    }

    public synchronized void deleteFunction(String name) {
        FunctionSpec f = functions.remove(name).orElseThrow(() -> TestbedException.notFound("no function named '" + name + "'"));
        preparer.forget(nodes.all(), f);
        pools.forgetFunction(f.name());
        functionStore.delete(name);
    }

    public synchronized ClusterConfig updateConfig(ConfigChange req) {
        TestbedSettings cur = settings.get();
        String policy = cur.policy();
        if (req.policy() != null) {
            policy = policies.find(req.policy()).orElseThrow(() -> TestbedException.badInput("unknown policy '"
                    + req.policy() + "'; known: " + String.join(", ", policies.names()))).name();
        }
        ExecutionMode mode = cur.mode();
        if (req.mode() != null) {
            mode = ExecutionMode.parse(req.mode()).orElseThrow(() -> TestbedException.badInput("unknown mode '" + req.mode()
                    + "'; known: " + ExecutionMode.ids()));
        }
        int prepared = cur.preparedNodes();
        if (req.preparedNodes() != null) {
            if (req.preparedNodes() < 0) {
                throw TestbedException.badInput("preparedNodes must be >= 0 (0 = all nodes)");
            }
            prepared = req.preparedNodes();
        }
        InvocationPath path = cur.path();
        if (req.path() != null) {
            path = InvocationPath.parse(req.path()).orElseThrow(() -> TestbedException.badInput("unknown path '" + req.path()
                    + "'; known: " + InvocationPath.ids()));
        }
        Admission.Limits limits = cur.nodeLimits();
        if (req.maxConcurrentPerNode() != null || req.queuePerNode() != null) {
            try {
                limits = new Admission.Limits(
                        req.maxConcurrentPerNode() == null ? limits.maxConcurrent() : req.maxConcurrentPerNode(),
                        req.queuePerNode() == null ? limits.queueCapacity() : req.queuePerNode());
            } catch (IllegalArgumentException e) {
                throw TestbedException.badInput(e.getMessage());
            }
        }
        String keepAlive = cur.keepAlive();
        if (req.keepAlive() != null) {
            try {
                keepAlive = keepAlives.normalise(req.keepAlive());
            } catch (IllegalArgumentException e) {
                throw TestbedException.badInput(e.getMessage());
            }
        }
        String runId = req.runId() == null ? cur.runId() : tag("runId", req.runId());
        String cell = req.cell() == null ? cur.cell() : tag("cell", req.cell());
        TestbedSettings next = settings.set(new TestbedSettings(policy, mode, prepared, runId, cell, path, limits,
                keepAlive));
        settingsStore.save(new ConfigChange(next.policy(), next.mode().id(), next.preparedNodes(), next.runId(),
                next.cell(), next.path().id(), next.nodeLimits().maxConcurrent(), next.nodeLimits().queueCapacity(),
                next.keepAlive()));
        for (Node n : nodes.all()) {
            n.admission().setLimits(next.nodeLimits());
        }
        List<NodePreparer.Step> steps = List.of();
        if (next.mode() != cur.mode() || next.preparedNodes() != cur.preparedNodes()) {
            steps = prepareAll(next);
        }
        return configInfo(steps);
    }

    public synchronized ResetOutcome reset() {
        long t0 = System.nanoTime();
        TestbedSettings s = settings.get();
        List<NodePreparer.Step> steps = prepareAll(s);
        return new ResetOutcome(s.mode(), s.preparedNodes(), (System.nanoTime() - t0) / 1_000_000,
                steps.stream().allMatch(NodePreparer.Step::ok), steps);
    }

    /**
     * The start of a cell: every node into the mode's state, the pools emptied with it, and every policy's own
     * state forgotten, so a cell's decisions do not depend on the cells before it.
     */
    private java.util.Set<String> registeredNames() {
        return functions.all().stream().map(FunctionSpec::name).collect(java.util.stream.Collectors.toSet());
    }

    private List<NodePreparer.Step> prepareAll(TestbedSettings s) {
        // Containers of functions no longer registered go first (only here and at node registration: a reset of
        // one function must leave the others' containers alone).
        java.util.Set<String> registered = registeredNames();
        nodes.all().parallelStream().forEach(n -> preparer.removeStrays(n, registered));
        List<NodePreparer.Step> steps = preparer.reset(nodes.all(), functions.all(), s.mode(), s.preparedNodes());
        nodes.all().forEach(pools::clear);
        settings.resetPolicies();
        return steps;
    }

    // ---- A restart: what the previous gateway process registered, re-learnt from the nodes (StateRestore) ----

    /**
     * A stored node, registered again with the host key it pinned. One that does not answer stays registered and
     * unhealthy; {@link #settleRestored} prepares it once it answers. Not serialised: nodes connect in parallel, and
     * nothing is prepared here.
     *
     * @return whether it answered
     */
    public boolean restoreNode(NodeRegistration req, Instant registeredAt) {
        CheckedNode c = check(req);
        return nodes.restore(c.name(), c.address(), c.credentials(), req.hostKeyFingerprint(),
                settings.get().nodeLimits(), c.memoryMb(), registeredAt).answered();
    }

    /**
     * A stored function, registered again without a request: on every node that answers, its state is looked at
     * and kept where it already is what the mode promises ({@link NodePreparer#adopt}). A node that fails keeps
     * the function registered (its error is in the log and in the node's calls), unlike a new registration.
     *
     * @return how many nodes were found in the mode's state already, and how many had to be prepared
     */
    public synchronized int[] restoreFunction(FunctionRegistration req, Instant registeredAt) {
        FunctionSpec spec = functions.add(spec(req, registeredAt));
        return adopt(nodes.all().stream().filter(Node::healthy).toList(), List.of(spec));
    }

    /** After the functions: containers of functions no longer registered go from every node that answered. */
    public synchronized void removeStraysAfterRestore() {
        java.util.Set<String> registered = registeredNames();
        nodes.all().stream().filter(Node::healthy).forEach(n -> preparer.removeStrays(n, registered));
    }

    /**
     * A restored node that did not answer at start: tried again; once it answers, its strays go and every function
     * is brought into the mode's state on it, keeping what is already right.
     *
     * @return true when the node answered (or is gone), false to try again later
     */
    public synchronized boolean settleRestored(String name) {
        Node node = nodes.find(name).orElse(null);
        if (node == null) {
            return true;
        }
        if (!nodes.reconnect(node)) {
            return false;
        }
        preparer.removeStrays(node, registeredNames());
        adopt(List.of(node), functions.all());
        return true;
    }

    /** Stored settings, applied before any node is back (so that nothing is prepared twice). */
    public synchronized void restoreSettings(ConfigChange stored) {
        updateConfig(stored);
    }

    private int[] adopt(List<Node> targets, List<FunctionSpec> fns) {
        TestbedSettings s = settings.get();
        List<Node> all = nodes.all();
        int[] counts = new int[2];
        targets.parallelStream().forEach(n -> {
            int index = all.indexOf(n);
            boolean prepared = s.preparedNodes() == 0 || index < s.preparedNodes();
            for (FunctionSpec f : fns) {
                NodePreparer.Adopted a = preparer.adopt(n, f, s.mode(), prepared);
                synchronized (counts) {
                    counts[a.found() ? 0 : 1]++;
                }
                if (!a.step().ok()) {
                    LOG.warnf("after the restart, %s on %s is not in %s mode's state: %s", f.name(), n.name(),
                            s.mode().id(), a.step().error());
                }
            }
        });
        return counts;
    }

    public ClusterConfig configInfo(List<NodePreparer.Step> steps) {
        return new ClusterConfig(settings.get(), policies.names(), keepAlives.names(), steps);
    }

    private static List<String> argv(String what, CommandInput input) {
        if (input == null) {
            throw TestbedException.badInput(what + " is required");
        }
        if (input instanceof CommandInput.Line line) {
            try {
                return CommandLine.split(line.text());
            } catch (IllegalArgumentException e) {
                throw TestbedException.badInput(what + ": " + e.getMessage());
            }
        }
        if (input instanceof CommandInput.Args args) {
            return args.args();
        }
        if (input instanceof CommandInput.Other other && other.list()) {
            throw TestbedException.badInput(what + " must be an array of strings");
        }
        throw TestbedException.badInput(what + " must be a string or an array of strings");
    }

    private static String tag(String what, String value) {
        String v = Objects.requireNonNull(value).trim();
        if (!v.isEmpty() && !v.matches("[A-Za-z0-9][A-Za-z0-9_.:/+-]{0,99}")) {
            throw TestbedException.badInput(what + " may hold letters, digits and _ . : / + - (at most 100)");
        }
        return v;
    }
}
