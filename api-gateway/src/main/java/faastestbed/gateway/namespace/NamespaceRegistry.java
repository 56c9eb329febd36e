package faastestbed.gateway.namespace;

import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.function.FunctionId;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * Namespaces and their tokens. The {@code default} namespace always exists and cannot be removed: functions
 * registered without a namespace live there, as they did before namespaces.
 */
@ApplicationScoped
public class NamespaceRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");
    /** First path segments of the API: a namespace of that name would be shadowed in {@code POST /{namespace}/{function}}. */
    public static final Set<String> RESERVED = Set.of("functions", "nodes", "cluster", "config", "invocations", "namespaces",
            "pool", "metrics", "builds", "q", "openapi", "swagger-ui", "dashboard", "static", "api", "health");

    /** A token's text, shown once when it is issued. */
    public record IssuedToken(String id, String namespace, String token, Instant createdAt) {
        /** What is kept of it. */
        public TokenRecord record() {
            return new TokenRecord(id, namespace, Tokens.hash(token), createdAt);
        }

        @Override
        public String toString() {
            return "IssuedToken[id=" + id + ", namespace=" + namespace + "]";
        }
    }

    private final ConcurrentMap<String, Namespace> namespaces = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, TokenRecord> tokensByHash = new ConcurrentHashMap<>();

    public NamespaceRegistry() {
        namespaces.put(FunctionId.DEFAULT_NAMESPACE, new Namespace(FunctionId.DEFAULT_NAMESPACE, NamespaceLimits.NONE,
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
    }

    public static String validName(String value) {
        String v = value == null ? "" : value.strip();
        if (!NAME.matcher(v).matches() || v.contains("--")) {
            throw TestbedException.badInput("namespace '" + (v.length() > 40 ? v.substring(0, 40) + "…" : v)
                    + "' is invalid: use 1-32 lower-case letters, digits or single '-', starting and ending with a letter or digit");
        }
        if (RESERVED.contains(v)) {
            throw TestbedException.badInput("namespace '" + v + "' is reserved (a path of the API); reserved: "
                    + RESERVED.stream().sorted().toList());
        }
        return v;
    }

    public synchronized Namespace create(String name, NamespaceLimits limits) {
        String n = validName(name);
        if (namespaces.containsKey(n)) {
            throw TestbedException.conflict("namespace '" + n + "' already exists");
        }
        Namespace ns = new Namespace(n, limits, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        namespaces.put(n, ns);
        return ns;
    }

    /** Puts back a namespace as it was kept (at start), without the checks of a new one. */
    public synchronized void restore(Namespace ns) {
        namespaces.put(ns.name(), ns);
    }

    public void restore(TokenRecord token) {
        tokensByHash.put(token.hash(), token);
    }

    public Optional<Namespace> find(String name) {
        return Optional.ofNullable(name == null ? null : namespaces.get(name));
    }

    public Namespace get(String name) {
        return find(name).orElseThrow(() -> TestbedException.notFound("no namespace named '" + name + "'"));
    }

    public List<Namespace> all() {
        return namespaces.values().stream().sorted(Comparator.comparing(Namespace::name)).toList();
    }

    public NamespaceLimits limits(String namespace) {
        Namespace ns = namespaces.get(namespace);
        return ns == null ? NamespaceLimits.NONE : ns.limits();
    }

    public synchronized Namespace update(String name, NamespaceLimits limits) {
        Namespace next = new Namespace(get(name).name(), limits, get(name).createdAt());
        namespaces.put(name, next);
        return next;
    }

    /** Removes the namespace and its tokens; the caller has made sure no function is left in it. */
    public synchronized Namespace remove(String name) {
        if (FunctionId.DEFAULT_NAMESPACE.equals(name)) {
            throw TestbedException.conflict("the default namespace cannot be removed");
        }
        Namespace ns = get(name);
        namespaces.remove(name);
        tokensByHash.values().removeIf(t -> t.namespace().equals(name));
        return ns;
    }

    public synchronized IssuedToken issue(String namespace) {
        get(namespace);
        String id = Tokens.newId();
        String text = Tokens.newToken("tb_" + namespace.replace('-', '_'));
        TokenRecord rec = new TokenRecord(id, namespace, Tokens.hash(text), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        tokensByHash.put(rec.hash(), rec);
        return new IssuedToken(id, namespace, text, rec.createdAt());
    }

    public synchronized TokenRecord revoke(String namespace, String tokenId) {
        TokenRecord t = tokensByHash.values().stream()
                .filter(r -> r.namespace().equals(namespace) && r.id().equals(tokenId)).findFirst()
                .orElseThrow(() -> TestbedException.notFound("namespace '" + namespace + "' has no token '" + tokenId + "'"));
        tokensByHash.remove(t.hash());
        return t;
    }

    public List<TokenRecord> tokens(String namespace) {
        get(namespace);
        return tokensByHash.values().stream().filter(t -> t.namespace().equals(namespace))
                .sorted(Comparator.comparing(TokenRecord::createdAt)).toList();
    }

    /** The member a namespace token stands for; empty for any other text. */
    public Optional<Caller.Member> member(String token) {
        TokenRecord t = tokensByHash.get(Tokens.hash(token));
        return t == null || !namespaces.containsKey(t.namespace()) ? Optional.empty()
                : Optional.of(new Caller.Member(t.namespace(), t.id()));
    }

    /** A read-only copy for persistence and tests. */
    public Map<String, TokenRecord> tokenRecords() {
        return Map.copyOf(tokensByHash);
    }
}
