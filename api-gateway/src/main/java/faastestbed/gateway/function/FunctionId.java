package faastestbed.gateway.function;

import java.util.Objects;

/**
 * A function's identity: its namespace and its name there. The gateway keys functions, pools and CSV rows by the
 * qualified form, which is the bare name in the {@code default} namespace (so rows and scripts from before
 * namespaces read the same) and {@code namespace/name} elsewhere.
 */
public record FunctionId(String namespace, String name) {
    public static final String DEFAULT_NAMESPACE = "default";

    public FunctionId {
        Objects.requireNonNull(namespace);
        Objects.requireNonNull(name);
        if (name.contains("/") || namespace.contains("/")) {
            throw new IllegalArgumentException("'/' separates a namespace from a name: " + namespace + ", " + name);
        }
    }

    public static FunctionId of(String namespace, String name) {
        return new FunctionId(namespace == null ? DEFAULT_NAMESPACE : namespace, name);
    }

    /** The inverse of {@link #qualified()}. */
    public static FunctionId parse(String qualified) {
        int slash = qualified.indexOf('/');
        return slash < 0 ? new FunctionId(DEFAULT_NAMESPACE, qualified)
                : new FunctionId(qualified.substring(0, slash), qualified.substring(slash + 1));
    }

    public static String namespaceOf(String qualified) {
        return parse(qualified).namespace();
    }

    public boolean inDefault() {
        return namespace.equals(DEFAULT_NAMESPACE);
    }

    public String qualified() {
        return inDefault() ? name : namespace + "/" + name;
    }

    /**
     * The part of a container's name that says whose it is. Docker names allow no '/', so the namespace is joined
     * with "--", which neither a namespace nor a function name may contain: two functions never share a key.
     */
    public String containerKey() {
        return inDefault() ? name : namespace + "--" + name;
    }

    @Override
    public String toString() {
        return qualified();
    }
}
