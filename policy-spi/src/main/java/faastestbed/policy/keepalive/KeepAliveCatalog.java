package faastestbed.policy.keepalive;

import faastestbed.policy.PolicyClasses;
import faastestbed.policy.keepalive.policies.FixedTtlKeepAlive;


import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Keep-alive policies by name, checked for valid and unique names. Plain Java: the gateway fills it with the
 * built-ins of {@link #builtIns()} and its own CDI beans.
 * A specification is a name with an optional argument after a colon: {@code fixed-ttl:30s}.
 */
public class KeepAliveCatalog {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final Pattern ARGUMENT = Pattern.compile("[A-Za-z0-9.]{1,20}");

    private final Map<String, KeepAlivePolicy> byName = new TreeMap<>();

    public KeepAliveCatalog(Collection<? extends KeepAlivePolicy> policies) {
        for (KeepAlivePolicy p : policies) {
            if (!NAME.matcher(p.name()).matches()) {
                throw new IllegalStateException("keep-alive policy " + p.getClass().getName() + " has an invalid name '"
                        + p.name() + "': use lower-case words joined by dashes");
            }
            KeepAlivePolicy clash = byName.putIfAbsent(p.name(), p);
            if (clash != null) {
                throw new IllegalStateException("two keep-alive policies are named '" + p.name() + "': "
                        + clash.getClass().getName() + " and " + p.getClass().getName());
            }
        }
    }

    /**
     * A new instance of every policy class of package {@code faastestbed.policy.keepalive.policies}; a class added to
     * that package is found here, with no other file edited.
     */
    public static List<KeepAlivePolicy> builtIns() {
        return PolicyClasses.inPackageOf(FixedTtlKeepAlive.class, KeepAlivePolicy.class).stream()
                .map(PolicyClasses::<KeepAlivePolicy>create).toList();
    }

    /**
     * A fresh policy for a specification such as {@code lru} or {@code fixed-ttl:30s}, with no state from earlier use.
     *
     * @throws IllegalArgumentException naming the known policies when the name is unknown or the argument invalid
     */
    public KeepAlivePolicy create(String spec) {
        String s = spec == null ? "" : spec.trim();
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        KeepAlivePolicy p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown keep-alive policy '" + s + "'; known: " + String.join(", ", names()));
        }
        if (colon < 0) {
            p.reset();
            return p;
        }
        String arg = s.substring(colon + 1);
        if (!ARGUMENT.matcher(arg).matches()) {
            throw new IllegalArgumentException("the argument of keep-alive policy '" + name + "' must be 1-20 letters, "
                    + "digits or dots, e.g. fixed-ttl:30s; got '" + arg + "'");
        }
        return p.withArgument(arg);
    }

    /** The canonical form of a specification (trimmed), validated by creating it. */
    public String normalise(String spec) {
        create(spec);
        return spec.trim();
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
