package faastestbed.gateway.scheduling;

import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Every {@link SchedulingPolicy} bean, by name. Discovery is CDI's: a new policy class needs no registration. */
@ApplicationScoped
public class PolicyCatalog {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final Map<String, SchedulingPolicy> byName = new TreeMap<>();

    @Inject
    public PolicyCatalog(@All List<SchedulingPolicy> policies) {
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

    public java.util.Collection<SchedulingPolicy> all() {
        return List.copyOf(byName.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
