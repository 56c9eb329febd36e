package faastestbed.gateway.api;

import faastestbed.gateway.cluster.ClusterService;
import faastestbed.gateway.function.FunctionRegistry;
import faastestbed.gateway.invocation.InvocationResult;
import faastestbed.gateway.invocation.InvocationService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.smallrye.common.annotation.Blocking;

import java.util.List;

@Path("/functions")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class FunctionResource {
    @Inject
    ClusterService cluster;
    @Inject
    FunctionRegistry functions;
    @Inject
    InvocationService invocations;

    /** Registers the function and prepares the nodes for it as the current mode says (may pull the image). */
    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(Dtos.RegisterFunction req) {
        return Response.status(201).entity(cluster.registerFunction(req)).build();
    }

    @GET
    public List<Dtos.FunctionInfo> list() {
        return functions.all().stream().map(f -> ClusterService.info(f, null)).toList();
    }

    @GET
    @Path("/{name}")
    public Dtos.FunctionInfo get(@PathParam("name") String name) {
        return ClusterService.info(functions.get(name), null);
    }

    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") String name) {
        cluster.deleteFunction(name);
        return Response.noContent().build();
    }

    /**
     * Runs the function once on the node the policy picks. 200 with status "ok" or "failed" (non-zero exit) when it
     * ran; 404 unknown function; 503 no node fits; 502/504 the node failed or timed out. Every case gets a CSV row.
     * Any request body is ignored (seed 003 sent none).
     */
    @POST
    @Path("/invoke/{name}")
    @Consumes(MediaType.WILDCARD)
    public InvocationResult invoke(@PathParam("name") String name) {
        return invocations.invoke(name);
    }
}
