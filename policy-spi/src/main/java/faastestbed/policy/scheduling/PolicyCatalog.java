package faastestbed.policy.scheduling;

import faastestbed.policy.PolicyClasses;
import faastestbed.policy.scheduling.policies.RoundRobinPolicy;


import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     * The policy classes of package {@code faastestbed.policy.scheduling.policies}, not yet created: a caller that
     * configures some of them (RAM threshold, fallback) builds those itself and creates the rest with
     * {@link PolicyClasses#create}. A class added to that package is found here, with no other file edited.
     */
    public static List<Class<? extends SchedulingPolicy>> builtIns() {
        return PolicyClasses.inPackageOf(RoundRobinPolicy.class, SchedulingPolicy.class);
    }

    public Collection<SchedulingPolicy> all() {
        return List.copyOf(byName.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
