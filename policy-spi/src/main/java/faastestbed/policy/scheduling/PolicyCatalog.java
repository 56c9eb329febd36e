package faastestbed.policy.scheduling;


import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Scheduling policies by name, checked for valid and unique names. Plain Java: the gateway fills it with the
 * built-ins of {@link #builtIns()} and its own CDI beans, a simulator with whatever it runs.
 */
public class PolicyCatalog {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final Map<String, SchedulingPolicy> byName = new TreeMap<>();

    public PolicyCatalog(Collection<? extends SchedulingPolicy> policies) {
        for (SchedulingPolicy p : policies) {
            if (!NAME.matcher(p.name()).matches()) {
                throw new IllegalStateException("policy " + p.getClass().getName() + " has an invalid name '"
                        + p.name() + "': use lower-case words joined by dashes");
            }
            SchedulingPolicy clash = byName.putIfAbsent(p.name(), p);
            if (clash != null) {
                throw new IllegalStateException("two policies are named '" + p.name() + "': "
                        + clash.getClass().getName() + " and " + p.getClass().getName());
            }
        }
    }

    public Optional<SchedulingPolicy> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name.trim()));
    }

    /**
     * The built-in policies listed in {@code META-INF/services}, not yet created: a caller that configures some of
     * them (RAM threshold, fallback) builds those itself and asks the providers for the rest.
     */
    public static List<ServiceLoader.Provider<SchedulingPolicy>> builtIns() {
        return ServiceLoader.load(SchedulingPolicy.class, SchedulingPolicy.class.getClassLoader()).stream().toList();
    }

    public Collection<SchedulingPolicy> all() {
        return List.copyOf(byName.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
