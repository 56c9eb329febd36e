package faastestbed.gateway.api;

import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.function.FunctionId;
import faastestbed.gateway.namespace.NamespaceRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /<namespace>/<function>}: a function's own endpoint, as platforms that serve several organizations
 * give one per function. The same call as {@code POST /functions/invoke/{function}?namespace=}. The literal paths
 * of the API win over this template, which is why their first segments are reserved namespace names.
 */
@Path("/{namespace}/{function}")
@Blocking
public class NamespacedInvocationResource {
    @Inject
    FunctionResource functions;
    @Inject
    CurrentCaller caller;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    public Response invoke(@PathParam("namespace") String namespace, @PathParam("function") String function,
                           @QueryParam("path") String path, @QueryParam("async") String asyncParam,
                           @HeaderParam("Accept") String accept, byte[] body) {
        if (NamespaceRegistry.RESERVED.contains(namespace) || namespace.contains("/") || function.contains("/")) {
            throw TestbedException.notFound("no such endpoint: POST /" + namespace + "/" + function);
        }
        String ns = caller.namespace(namespace);
        return functions.invokeQualified(FunctionId.of(ns, function).qualified(), path, asyncParam, accept, body);
    }
}
