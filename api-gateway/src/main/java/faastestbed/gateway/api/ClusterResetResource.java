package faastestbed.gateway.api;

import faastestbed.gateway.cluster.ClusterService;
import faastestbed.gateway.cluster.ResetOutcome;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A path of its own, not under a resource at {@code /}: such a resource would lose every two-segment path to
 * {@code POST /{namespace}/{function}}, which has more literal characters.
 */
@Path("/cluster")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ClusterResetResource {
    @Inject
    ClusterService cluster;

    /** Puts every node back into the state the current mode promises (e.g. between experiment cells). */
    @POST
    @Path("/reset")
    @Consumes(MediaType.WILDCARD)
    public Dtos.ResetReport reset() {
        ResetOutcome r = cluster.reset();
        return new Dtos.ResetReport(r.mode().id(), r.preparedNodes(), r.durationMs(), r.ok(), r.steps());
    }

}
