package faastestbed.gateway.pool;

import faastestbed.policy.keepalive.KeepAliveCatalog;
import faastestbed.policy.keepalive.KeepAlivePolicy;
import io.quarkus.arc.All;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's {@link KeepAliveCatalog}: the built-ins of policy-spi, found by {@link java.util.ServiceLoader} since
 * that module is not a bean archive, plus every {@link KeepAlivePolicy} bean of the gateway, so a policy added here
 * as one {@code @Singleton} class needs no registration.
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
