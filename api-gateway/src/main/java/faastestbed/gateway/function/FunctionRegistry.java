package faastestbed.gateway.function;

import faastestbed.gateway.domain.TestbedException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Registered functions by name. */
@ApplicationScoped
public class FunctionRegistry {
    private final ConcurrentMap<String, FunctionSpec> functions = new ConcurrentHashMap<>();

    public FunctionSpec add(FunctionSpec spec) {
        if (functions.putIfAbsent(spec.name(), spec) != null) {
            throw TestbedException.conflict("function '" + spec.name() + "' is already registered");
        }
        return spec;
    }

    public Optional<FunctionSpec> find(String name) {
        return Optional.ofNullable(name == null ? null : functions.get(name));
    }

    public FunctionSpec get(String name) {
        return find(name).orElseThrow(() -> TestbedException.notFound("no function named '" + name + "'"));
    }

    public Optional<FunctionSpec> remove(String name) {
        return Optional.ofNullable(functions.remove(name));
    }

    public List<FunctionSpec> all() {
        Collection<FunctionSpec> values = functions.values();
        return values.stream().sorted(Comparator.comparing(FunctionSpec::name)).toList();
    }
}
