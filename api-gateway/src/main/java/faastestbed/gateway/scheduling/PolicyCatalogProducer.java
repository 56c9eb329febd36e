package faastestbed.gateway.scheduling;

import faastestbed.policy.PolicyClasses;
import faastestbed.policy.scheduling.PolicyCatalog;
import faastestbed.policy.scheduling.SchedulingPolicy;
import faastestbed.policy.scheduling.policies.LeastUsedPolicy;
import faastestbed.policy.scheduling.policies.MostUsedPolicy;
import faastestbed.policy.scheduling.policies.WarmedFirstPolicy;
import io.quarkus.arc.All;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's {@link PolicyCatalog}: the policy classes of policy-spi (found by listing their package, so a policy
 * added there as one class is selectable here and in the simulator alike), plus every {@link SchedulingPolicy} bean
 * of the gateway (a policy that needs the gateway's beans, as one {@code @Singleton} class).
 */
@Singleton
public class PolicyCatalogProducer {

    @Produces
    @Singleton
    PolicyCatalog catalog(@All List<SchedulingPolicy> beans,
                          @ConfigProperty(name = "testbed.ram-threshold", defaultValue = "90") double ramThreshold,
                          @ConfigProperty(name = "testbed.warmed-first.fallback",
                                  defaultValue = WarmedFirstPolicy.DEFAULT_FALLBACK) String warmedFirstFallback) {
        // Warmed-first looks its fallback up in the catalog it belongs to, so it gets the catalog once built.
        AtomicReference<PolicyCatalog> self = new AtomicReference<>();
        List<SchedulingPolicy> policies = new ArrayList<>();
        for (Class<? extends SchedulingPolicy> type : PolicyCatalog.builtIns()) {
            if (type == LeastUsedPolicy.class) {
                policies.add(new LeastUsedPolicy(ramThreshold));
            } else if (type == MostUsedPolicy.class) {
                policies.add(new MostUsedPolicy(ramThreshold));
            } else if (type == WarmedFirstPolicy.class) {
                policies.add(new WarmedFirstPolicy(warmedFirstFallback, name -> self.get().find(name)));
            } else {
                policies.add(PolicyClasses.create(type));
            }
        }
        policies.addAll(beans);
        PolicyCatalog catalog = new PolicyCatalog(policies);
        self.set(catalog);
        return catalog;
    }
}
