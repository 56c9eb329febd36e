package faastestbed.gateway.api;

import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.gateway.cluster.ClusterConfig;
import faastestbed.gateway.cluster.ClusterService;
import faastestbed.gateway.cluster.ConfigChange;
import faastestbed.gateway.config.TestbedSettings;
import faastestbed.gateway.domain.Validation;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Arrays;
import java.util.List;

@Path("/config")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ConfigResource {
    @Inject
    ClusterService cluster;

    @GET
    public Dtos.ConfigInfo get() {
        return info(cluster.configInfo(List.of()));
    }

    /** Any subset of policy, mode, preparedNodes, runId, cell. A mode change re-prepares every node before answering. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Dtos.ConfigInfo put(Dtos.Config req) {
        if (req == null) {
            throw ApiException.badRequest("a JSON body is required, e.g. {\"policy\": \"least-used\", \"mode\": \"warmed\"}");
        }
        // The settings trim what they are given: a control character at an end would vanish instead of being refused.
        Validation.controlCharacters("policy", req.policy(), false);
        Validation.controlCharacters("mode", req.mode(), false);
        Validation.controlCharacters("runId", req.runId(), false);
        Validation.controlCharacters("cell", req.cell(), false);
        Validation.controlCharacters("path", req.path(), false);
        Validation.controlCharacters("keepAlive", req.keepAlive(), false);
        return info(cluster.updateConfig(new ConfigChange(req.policy(), req.mode(), req.preparedNodes(), req.runId(),
                req.cell(), req.path(), req.maxConcurrentPerNode(), req.queuePerNode(), req.keepAlive())));
    }

    static Dtos.ConfigInfo info(ClusterConfig c) {
        TestbedSettings s = c.settings();
        return new Dtos.ConfigInfo(s.policy(), s.mode().id(), s.preparedNodes(), s.runId(), s.cell(), s.path().id(),
                s.nodeLimits().maxConcurrent(), s.nodeLimits().queueCapacity(), s.keepAlive(), c.policies(),
                Arrays.stream(ExecutionMode.values()).map(ExecutionMode::id).toList(),
                Arrays.stream(InvocationPath.values()).map(InvocationPath::id).toList(), c.keepAlives(), c.preparation());
    }
}
