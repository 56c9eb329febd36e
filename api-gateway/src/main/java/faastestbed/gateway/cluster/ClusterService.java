package faastestbed.gateway.cluster;

import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.text.CommandLine;
import faastestbed.gateway.api.ApiException;
import faastestbed.gateway.api.Dtos;
import faastestbed.gateway.api.Validation;
import faastestbed.gateway.config.SettingsHolder;
import faastestbed.gateway.config.TestbedSettings;
import faastestbed.gateway.function.FunctionRegistry;
import faastestbed.gateway.function.FunctionSpec;
import faastestbed.gateway.invocation.NodePreparer;
import faastestbed.gateway.node.Admission;
import faastestbed.gateway.node.Node;
import faastestbed.gateway.node.NodeRegistry;
import faastestbed.gateway.pool.Demand;
import faastestbed.gateway.pool.KeepAliveCatalog;
import faastestbed.gateway.pool.PoolService;
import faastestbed.gateway.scheduling.PolicyCatalog;
import faastestbed.gateway.ssh.Credentials;
import faastestbed.gateway.ssh.NodeAddress;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Registration and configuration use cases: validate, change the registries, and keep the nodes in the state the
 * current mode promises. Changes that touch nodes are serialised so two of them never prepare the same node at once.
 */
@ApplicationScoped
public class ClusterService {
    private final NodeRegistry nodes;
    private final FunctionRegistry functions;
    private final SettingsHolder settings;
    private final PolicyCatalog policies;
    private final NodePreparer preparer;
    private final PoolService pools;
    private final KeepAliveCatalog keepAlives;

    @Inject
    public ClusterService(NodeRegistry nodes, FunctionRegistry functions, SettingsHolder settings, PolicyCatalog policies,
                          NodePreparer preparer, PoolService pools, KeepAliveCatalog keepAlives) {
        this.pools = pools;
        this.keepAlives = keepAlives;
        this.nodes = nodes;
        this.functions = functions;
        this.settings = settings;
        this.policies = policies;
        this.preparer = preparer;
    }

    public synchronized Node registerNode(Dtos.RegisterNode req) {
        if (req == null) {
            throw ApiException.badRequest("a JSON body is required: {\"name\", \"host\", \"port\", \"username\", \"password\" or \"privateKey\"}");
        }
        String name = Validation.name("node name", req.name());
        NodeAddress address = new NodeAddress(Validation.host(req.host()), Validation.port(req.port()),
                Validation.username(req.username()));
        Credentials credentials;
        if (req.privateKey() != null && !req.privateKey().isBlank()) {
            if (!req.privateKey().contains("PRIVATE KEY")) {
                throw ApiException.badRequest("privateKey must be a private key in OpenSSH or PEM format (the text of the key file)");
            }
            credentials = new Credentials.PrivateKey(req.privateKey(), req.password());
        } else if (req.password() != null && !req.password().isEmpty()) {
            credentials = new Credentials.Password(req.password());
        } else {
            throw ApiException.badRequest("give a password or a privateKey for node '" + name + "'");
        }
        if (req.hostKeyFingerprint() != null && !req.hostKeyFingerprint().matches("(?i)(SHA256:)?[A-Za-z0-9+/]{43}=?")) {
            throw ApiException.badRequest("hostKeyFingerprint must look like SHA256:<43 base64 characters> (ssh-keygen -lf)");
        }
        if (req.memoryMb() != null && (req.memoryMb() < 16 || req.memoryMb() > 16 * 1024 * 1024)) {
            throw ApiException.badRequest("memoryMb (memory the node offers to function containers) must be between 16 and 16777216");
        }
        TestbedSettings s = settings.get();
        Node node = nodes.register(name, address, credentials, req.hostKeyFingerprint(), s.nodeLimits(),
                req.memoryMb() == null ? -1 : req.memoryMb());
        int index = nodes.all().indexOf(node);
        boolean prepared = s.preparedNodes() == 0 || index < s.preparedNodes();
        for (FunctionSpec f : functions.all()) {
            preparer.prepare(node, f, s.mode(), prepared);
        }
        return node;
    }

    public synchronized void deleteNode(String name) {
        nodes.remove(name).orElseThrow(() -> ApiException.notFound("no node named '" + name + "'"));
        pools.forgetNode(name);
    }

    public synchronized Dtos.FunctionInfo registerFunction(Dtos.RegisterFunction req) {
        if (req == null) {
            throw ApiException.badRequest("a JSON body is required: {\"name\", \"image\", \"command\"}");
        }
        String name = Validation.name("function name", req.name());
        String image = Validation.image(req.image());
        List<String> command = Validation.command("command", argv("command", req.command()));
        List<String> keepAlive = req.keepAliveCommand() == null || req.keepAliveCommand().isNull()
                ? FunctionSpec.DEFAULT_KEEP_ALIVE
                : Validation.command("keepAliveCommand", argv("keepAliveCommand", req.keepAliveCommand()));
        List<String> handler = req.handler() == null || req.handler().isNull() ? List.of()
                : Validation.command("handler", argv("handler", req.handler()));
        java.time.Duration timeout = null;
        if (req.timeoutSeconds() != null) {
            if (req.timeoutSeconds() < 1 || req.timeoutSeconds() > 3600) {
                throw ApiException.badRequest("timeoutSeconds must be between 1 and 3600");
            }
            timeout = java.time.Duration.ofSeconds(req.timeoutSeconds());
        }
        Demand demand;
        try {
            demand = new Demand(name, Objects.requireNonNullElse(req.memoryMb(), Demand.DEFAULT_MEMORY_MB),
                    Objects.requireNonNullElse(req.concurrency(), 1), Objects.requireNonNullElse(req.minIdle(), 0),
                    Objects.requireNonNullElse(req.maxContainers(), 0));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (demand.memoryMb() > 1024 * 1024) {
            throw ApiException.badRequest("memoryMb must be at most 1048576");
        }
        FunctionSpec spec = functions.add(new FunctionSpec(name, image, command, keepAlive, handler, timeout, Instant.now(),
                demand));
        TestbedSettings s = settings.get();
        List<NodePreparer.Step> steps = preparer.reset(nodes.all(), List.of(spec), s.mode(), s.preparedNodes());
        List<NodePreparer.Step> failed = steps.stream().filter(st -> !st.ok()).toList();
        if (!failed.isEmpty()) {
            functions.remove(name);
            preparer.forget(nodes.all(), spec);
            throw new ApiException(502, "function '" + name + "' not registered: preparing it for " + s.mode().id()
                    + " mode failed on " + failed.size() + " node(s): " + failed.get(0).error(),
                    Map.of("preparation", steps), null);
        }
        return info(spec, steps);
    }

    public synchronized void deleteFunction(String name) {
        FunctionSpec f = functions.remove(name).orElseThrow(() -> ApiException.notFound("no function named '" + name + "'"));
        preparer.forget(nodes.all(), f);
    }

    public synchronized Dtos.ConfigInfo updateConfig(Dtos.Config req) {
        if (req == null) {
            throw ApiException.badRequest("a JSON body is required, e.g. {\"policy\": \"least-used\", \"mode\": \"warmed\"}");
        }
        TestbedSettings cur = settings.get();
        String policy = cur.policy();
        if (req.policy() != null) {
            policy = policies.find(req.policy()).orElseThrow(() -> ApiException.badRequest("unknown policy '"
                    + req.policy() + "'; known: " + String.join(", ", policies.names()))).name();
        }
        ExecutionMode mode = cur.mode();
        if (req.mode() != null) {
            mode = ExecutionMode.parse(req.mode()).orElseThrow(() -> ApiException.badRequest("unknown mode '" + req.mode()
                    + "'; known: " + ExecutionMode.ids()));
        }
        int prepared = cur.preparedNodes();
        if (req.preparedNodes() != null) {
            if (req.preparedNodes() < 0) {
                throw ApiException.badRequest("preparedNodes must be >= 0 (0 = all nodes)");
            }
            prepared = req.preparedNodes();
        }
        InvocationPath path = cur.path();
        if (req.path() != null) {
            path = InvocationPath.parse(req.path()).orElseThrow(() -> ApiException.badRequest("unknown path '" + req.path()
                    + "'; known: " + InvocationPath.ids()));
        }
        Admission.Limits limits = cur.nodeLimits();
        if (req.maxConcurrentPerNode() != null || req.queuePerNode() != null) {
            try {
                limits = new Admission.Limits(
                        req.maxConcurrentPerNode() == null ? limits.maxConcurrent() : req.maxConcurrentPerNode(),
                        req.queuePerNode() == null ? limits.queueCapacity() : req.queuePerNode());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        String keepAlive = cur.keepAlive();
        if (req.keepAlive() != null) {
            try {
                keepAlive = keepAlives.normalise(req.keepAlive());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        String runId = req.runId() == null ? cur.runId() : tag("runId", req.runId());
        String cell = req.cell() == null ? cur.cell() : tag("cell", req.cell());
        TestbedSettings next = settings.set(new TestbedSettings(policy, mode, prepared, runId, cell, path, limits,
                keepAlive));
        for (Node n : nodes.all()) {
            n.admission().setLimits(next.nodeLimits());
        }
        List<NodePreparer.Step> steps = List.of();
        if (next.mode() != cur.mode() || next.preparedNodes() != cur.preparedNodes()) {
            steps = prepareAll(next);
        }
        return configInfo(steps);
    }

    public synchronized Dtos.ResetReport reset() {
        long t0 = System.nanoTime();
        TestbedSettings s = settings.get();
        List<NodePreparer.Step> steps = prepareAll(s);
        return new Dtos.ResetReport(s.mode().id(), s.preparedNodes(), (System.nanoTime() - t0) / 1_000_000,
                steps.stream().allMatch(NodePreparer.Step::ok), steps);
    }

    /**
     * The start of a cell: every node into the mode's state, the pools emptied with it, and every policy's own
     * state forgotten, so a cell's decisions do not depend on the cells before it.
     */
    private List<NodePreparer.Step> prepareAll(TestbedSettings s) {
        List<NodePreparer.Step> steps = preparer.reset(nodes.all(), functions.all(), s.mode(), s.preparedNodes());
        nodes.all().forEach(pools::clear);
        settings.resetPolicies();
        return steps;
    }

    public Dtos.ConfigInfo configInfo(List<NodePreparer.Step> steps) {
        TestbedSettings s = settings.get();
        List<String> modes = new ArrayList<>();
        for (ExecutionMode m : ExecutionMode.values()) {
            modes.add(m.id());
        }
        return new Dtos.ConfigInfo(s.policy(), s.mode().id(), s.preparedNodes(), s.runId(), s.cell(), s.path().id(),
                s.nodeLimits().maxConcurrent(), s.nodeLimits().queueCapacity(), s.keepAlive(), policies.names(), modes,
                java.util.Arrays.stream(InvocationPath.values()).map(InvocationPath::id).toList(), keepAlives.names(), steps);
    }

    public static Dtos.FunctionInfo info(FunctionSpec f, List<NodePreparer.Step> steps) {
        return new Dtos.FunctionInfo(f.name(), f.image(), f.command(), f.keepAliveCommand(),
                f.hasHandler() ? f.handler() : null, f.timeout() == null ? null : f.timeout().toSeconds(),
                f.demand().memoryMb(), f.demand().concurrency(), f.demand().minIdle(), f.demand().maxContainers(),
                f.registeredAt(), steps);
    }

    private static List<String> argv(String what, JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiException.badRequest(what + " is required");
        }
        if (node.isTextual()) {
            try {
                return CommandLine.split(node.asText());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(what + ": " + e.getMessage());
            }
        }
        if (node.isArray()) {
            List<String> out = new ArrayList<>();
            for (JsonNode a : node) {
                if (!a.isTextual() && !a.isNumber()) {
                    throw ApiException.badRequest(what + " must be an array of strings");
                }
                out.add(a.asText());
            }
            return out;
        }
        throw ApiException.badRequest(what + " must be a string or an array of strings");
    }

    private static String tag(String what, String value) {
        String v = Objects.requireNonNull(value).trim();
        if (!v.isEmpty() && !v.matches("[A-Za-z0-9][A-Za-z0-9_.:/+-]{0,99}")) {
            throw ApiException.badRequest(what + " may hold letters, digits and _ . : / + - (at most 100)");
        }
        return v;
    }
}
