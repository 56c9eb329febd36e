package faastestbed.sim;

import faastestbed.policy.scheduling.PolicyCatalog;
import faastestbed.policy.scheduling.SchedulingPolicy;

import java.util.ServiceLoader;

/** The scheduling policies the simulator can run: the same catalog the gateway builds, without CDI. */
final class Policies {
    private Policies() {
    }

    /** A fresh catalog, so every cell starts from new policy instances. */
    static PolicyCatalog catalog() {
        return new PolicyCatalog(PolicyCatalog.builtIns().stream().map(ServiceLoader.Provider::get)
                .map(SchedulingPolicy.class::cast).toList());
    }
}
