package faastestbed.gateway.api;

import faastestbed.gateway.cluster.ClusterService;
import faastestbed.gateway.cluster.NodeRegistration;
import faastestbed.gateway.node.LoadSample;
import faastestbed.gateway.node.Node;
import faastestbed.gateway.node.NodeRegistry;
import faastestbed.gateway.pool.PoolService;
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

import java.util.List;

@Path("/nodes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NodeResource {
    @Inject
    ClusterService cluster;
    @Inject
    NodeRegistry nodes;
    @Inject
    PoolService pools;

    /** Logs in once (key or password), pins the host key, checks docker, prepares the node for the current mode. */
    @POST
    @Path("/register")
    public Response register(Dtos.RegisterNode req) {
        if (req == null) {
            throw ApiException.badRequest("a JSON body is required: {\"name\", \"host\", \"port\", \"username\", \"password\" or \"privateKey\"}");
        }
        NodeRegistration registration = new NodeRegistration(req.name(), req.host(), req.port(), req.username(),
                req.password(), req.privateKey(), req.hostKeyFingerprint(), req.memoryMb());
        return Response.status(201).entity(info(cluster.registerNode(registration))).build();
    }

    @GET
    public List<Dtos.NodeInfo> list() {
        return nodes.all().stream().map(this::info).toList();
    }

    @GET
    @Path("/{name}")
    public Dtos.NodeInfo get(@PathParam("name") String name) {
        return info(nodes.get(name));
    }

    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") String name) {
        cluster.deleteNode(name);
        return Response.noContent().build();
    }

    Dtos.NodeInfo info(Node n) {
        LoadSample l = n.load();
        var a = n.ssh().address();
        return new Dtos.NodeInfo(n.name(), a.host(), a.port(), a.username(), n.authKind(), n.ssh().hostKeyFingerprint(),
                n.healthy(), n.engine().id(), n.engineRecoveries(), num(l.cpuPercent()), num(l.ramPercent()), num(l.cpuLimitCores()),
                l.memLimitBytes() < 0 ? null : l.memLimitBytes(), capacity(n), n.inFlight(), n.admission().running(),
                n.admission().queued(), n.states(),
                n.lastError().isEmpty() ? null : n.lastError(), n.registeredAt());
    }

    /** Memory for function containers as the pool counts it. */
    private Long capacity(Node n) {
        long mb = pools.memoryCapacityMb(n);
        return mb < 0 ? null : mb;
    }

    private static Double num(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
