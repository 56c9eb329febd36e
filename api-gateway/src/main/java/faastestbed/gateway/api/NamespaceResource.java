package faastestbed.gateway.api;

import faastestbed.gateway.cluster.ClusterService;
import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.function.FunctionRegistry;
import faastestbed.gateway.namespace.Namespace;
import faastestbed.gateway.namespace.NamespaceLimits;
import faastestbed.gateway.namespace.NamespaceRegistry;
import faastestbed.gateway.namespace.TokenRecord;
import faastestbed.gateway.pool.PoolService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;

/**
 * Namespaces, their limits and their tokens (admin only, {@link Authentication}). A token's text is answered once,
 * when it is issued; the gateway keeps only its hash.
 */
@Path("/namespaces")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class NamespaceResource {
    @Inject
    ClusterService cluster;
    @Inject
    NamespaceRegistry namespaces;
    @Inject
    FunctionRegistry functions;
    @Inject
    PoolService pools;

    /** @param maxConcurrent 0 or absent: no limit (as for maxWarmMemoryMb) */
    public record NamespaceRequest(String name, Integer maxConcurrent, Long maxWarmMemoryMb) {
    }

    /**
     * @param functions      how many functions it holds
     * @param warmMemoryMb   memory its containers in the dynamic pool hold now, across nodes
     */
    public record NamespaceInfo(String name, int maxConcurrent, long maxWarmMemoryMb, Instant createdAt, long functions,
                                long warmMemoryMb, List<TokenInfo> tokens) {
    }

    public record TokenInfo(String id, Instant createdAt) {
        static TokenInfo of(TokenRecord t) {
            return new TokenInfo(t.id(), t.createdAt());
        }
    }

    /** A newly issued token: {@code token} is shown only in this answer. */
    public record IssuedTokenInfo(String namespace, String tokenId, String token, Instant createdAt) {
        static IssuedTokenInfo of(NamespaceRegistry.IssuedToken t) {
            return new IssuedTokenInfo(t.namespace(), t.id(), t.token(), t.createdAt());
        }
    }

    /** 201 with the namespace's first token; 409 when it exists; 400 for a bad name or limit. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NamespaceRequest req) {
        if (req == null) {
            throw ApiException.badRequest("a JSON body is required: {\"name\", \"maxConcurrent\", \"maxWarmMemoryMb\"}");
        }
        var issued = cluster.createNamespace(req.name(), limits(req, NamespaceLimits.NONE));
        return Response.status(201).location(java.net.URI.create("/namespaces/" + issued.namespace()))
                .entity(IssuedTokenInfo.of(issued)).build();
    }

    @GET
    public List<NamespaceInfo> list() {
        return namespaces.all().stream().map(this::info).toList();
    }

    @GET
    @Path("/{name}")
    public NamespaceInfo get(@PathParam("name") String name) {
        return info(namespaces.get(name));
    }

    /** Changes the limits given (absent ones stay); they bind new invocations and new containers. */
    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public NamespaceInfo update(@PathParam("name") String name, NamespaceRequest req) {
        if (req == null) {
            throw ApiException.badRequest("a JSON body is required: {\"maxConcurrent\", \"maxWarmMemoryMb\"}");
        }
        Namespace ns = namespaces.get(name);
        return info(cluster.updateNamespace(ns.name(), limits(req, ns.limits())));
    }

    /** 204; 409 while it still has functions. */
    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") String name) {
        cluster.deleteNamespace(name);
        return Response.noContent().build();
    }

    /** Another token for the namespace (e.g. to rotate: issue, switch, revoke the old one). */
    @POST
    @Path("/{name}/tokens")
    public Response issue(@PathParam("name") String name) {
        return Response.status(201).entity(IssuedTokenInfo.of(cluster.issueToken(name))).build();
    }

    @DELETE
    @Path("/{name}/tokens/{id}")
    public Response revoke(@PathParam("name") String name, @PathParam("id") String id) {
        cluster.revokeToken(name, id);
        return Response.noContent().build();
    }

    private NamespaceInfo info(Namespace ns) {
        long count = functions.all().stream().filter(f -> f.namespace().equals(ns.name())).count();
        return new NamespaceInfo(ns.name(), ns.limits().maxConcurrent(), ns.limits().maxWarmMemoryMb(), ns.createdAt(),
                count, pools.namespaceMemoryMb(ns.name()),
                namespaces.tokens(ns.name()).stream().map(TokenInfo::of).toList());
    }

    private static NamespaceLimits limits(NamespaceRequest req, NamespaceLimits current) {
        try {
            return new NamespaceLimits(req.maxConcurrent() == null ? current.maxConcurrent() : req.maxConcurrent(),
                    req.maxWarmMemoryMb() == null ? current.maxWarmMemoryMb() : req.maxWarmMemoryMb());
        } catch (IllegalArgumentException e) {
            throw TestbedException.badInput(e.getMessage());
        }
    }
}
