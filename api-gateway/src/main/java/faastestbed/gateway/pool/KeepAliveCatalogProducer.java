package faastestbed.gateway.pool;

import faastestbed.policy.keepalive.KeepAliveCatalog;
import faastestbed.policy.keepalive.KeepAlivePolicy;
import io.quarkus.arc.All;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's {@link KeepAliveCatalog}: the policy classes of policy-spi (found by listing their package, so a
 * policy added there as one class is selectable here and in the simulator alike), plus every {@link KeepAlivePolicy}
 * bean of the gateway.
 */
@Singleton
public class KeepAliveCatalogProducer {

    @Produces
    @Singleton
    KeepAliveCatalog catalog(@All List<KeepAlivePolicy> beans) {
        List<KeepAlivePolicy> policies = new ArrayList<>(KeepAliveCatalog.builtIns());
        policies.addAll(beans);
        return new KeepAliveCatalog(policies);
    }
}
