package faastestbed.sim;

import faastestbed.policy.PolicyClasses;
import faastestbed.policy.scheduling.PolicyCatalog;
import faastestbed.policy.scheduling.SchedulingPolicy;


/**
 * The scheduling policies the simulator can run: the policy classes of policy-spi, the gateway's built-ins, with their
 * defaults (RAM threshold 90 %, warmed-first falling back to round-robin).
 */
final class Policies {
    private Policies() {
    }

    /** A fresh catalog, so every cell starts from new policy instances. */
    static PolicyCatalog catalog() {
        return new PolicyCatalog(PolicyCatalog.builtIns().stream().map(PolicyClasses::<SchedulingPolicy>create).toList());
    }
}
