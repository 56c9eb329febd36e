package faastestbed.gateway.api;

import faastestbed.gateway.cluster.ClusterService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ConfigResource {
    @Inject
    ClusterService cluster;

    @GET
    @Path("/config")
    public Dtos.ConfigInfo get() {
        return cluster.configInfo(List.of());
    }

    /** Any subset of policy, mode, preparedNodes, runId, cell. A mode change re-prepares every node before answering. */
    @PUT
    @Path("/config")
    @Consumes(MediaType.APPLICATION_JSON)
    public Dtos.ConfigInfo put(Dtos.Config req) {
        return cluster.updateConfig(req);
    }

    /** Puts every node back into the state the current mode promises (e.g. between experiment cells). */
    @POST
    @Path("/cluster/reset")
    @Consumes(MediaType.WILDCARD)
    public Dtos.ResetReport reset() {
        return cluster.reset();
    }
}
