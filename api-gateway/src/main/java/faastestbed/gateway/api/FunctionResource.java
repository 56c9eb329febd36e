package faastestbed.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import faastestbed.gateway.cluster.ClusterService;
import faastestbed.gateway.cluster.CommandInput;
import faastestbed.gateway.cluster.FunctionRegistration;
import faastestbed.gateway.cluster.RegisteredFunction;
import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.function.FunctionId;
import faastestbed.gateway.function.FunctionRegistry;
import faastestbed.gateway.function.FunctionSpec;
import faastestbed.gateway.invocation.NodePreparer;
import faastestbed.gateway.invocation.InvocationResult;
import faastestbed.gateway.invocation.InvocationService;
import faastestbed.common.model.InvocationPath;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.smallrye.common.annotation.Blocking;

import java.util.ArrayList;
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
    @Inject
    faastestbed.gateway.invocation.AsyncInvocations async;
    @Inject
    CurrentCaller caller;
    @Inject
    faastestbed.gateway.build.Builds builds;

    /**
     * Registers the function and prepares the nodes for it as the current mode says (may pull the image). It goes
     * into the body's {@code namespace}, else {@code ?namespace=}, else the caller's own ({@code default} for the
     * admin).
     */
    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(Dtos.RegisterFunction req, @QueryParam("namespace") String namespace) {
        if (req == null) {
            throw ApiException.badRequest("a JSON body is required: {\"name\", \"image\", \"command\"}");
        }
        String ns = caller.namespace(req.namespace() != null ? req.namespace() : namespace);
        RegisteredFunction done = cluster.registerFunction(new FunctionRegistration(req.name(), req.image(),
                command(req.command()), command(req.keepAliveCommand()), command(req.handler()), req.timeoutSeconds(),
                req.memoryMb(), req.concurrency(), req.minIdle(), req.maxContainers(), ns));
        return Response.status(201).entity(info(done.spec(), done.preparation())).build();
    }

    /**
     * The body is the folder as a tar.gz (any content type; application/gzip says it best). The query carries the
     * registration: name (required), namespace (default: the caller's), command and handler (a command line each; default: the kind's runtime, a
     * Dockerfile needs a command), keepAliveCommand, timeoutSeconds, memoryMb, concurrency, minIdle, maxContainers.
     * 400 for a bad archive or registration (nothing reached a node), 413 too large, 429 build queue full, 503 no
     * push password or no healthy node.
     */
    @POST
    @Path("/deploy")
    @Consumes(MediaType.WILDCARD)
    public Response deploy(@QueryParam("name") String name, @QueryParam("command") String command,
                           @QueryParam("handler") String handler, @QueryParam("keepAliveCommand") String keepAlive,
                           @QueryParam("timeoutSeconds") String timeoutSeconds, @QueryParam("memoryMb") String memoryMb,
                           @QueryParam("concurrency") String concurrency, @QueryParam("minIdle") String minIdle,
                           @QueryParam("maxContainers") String maxContainers,
                           @QueryParam("namespace") String namespace, byte[] body) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("name is required: POST /functions/deploy?name=FUNCTION with the folder as a "
                    + "tar.gz body");
        }
        FunctionRegistration request = new FunctionRegistration(name, null, BuildResource.line(command),
                BuildResource.line(keepAlive), BuildResource.line(handler),
                QueryParams.number("timeoutSeconds", timeoutSeconds), QueryParams.number("memoryMb", memoryMb),
                QueryParams.number("concurrency", concurrency), QueryParams.number("minIdle", minIdle),
                QueryParams.number("maxContainers", maxContainers), caller.namespace(namespace));
        faastestbed.gateway.build.Builds.Snapshot accepted = builds.submit(request, body);
        String location = "/builds/" + accepted.buildId();
        return Response.status(202).location(java.net.URI.create(location))
                .entity(java.util.Map.of("buildId", accepted.buildId(), "status", accepted.status().id(), "function",
                        accepted.function(), "kind", accepted.kind().id(), "image", accepted.image(),
                        "location", location))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }


    /** The caller's functions: a member's namespace; for the admin all, or those of {@code ?namespace=}. */
    @GET
    public List<Dtos.FunctionInfo> list(@QueryParam("namespace") String namespace) {
        boolean all = caller.get().admin() && (namespace == null || namespace.isBlank());
        String ns = all ? null : caller.namespace(namespace);
        return functions.all().stream().filter(f -> all || f.namespace().equals(ns)).map(f -> info(f, null)).toList();
    }

    @GET
    @Path("/{name}")
    public Dtos.FunctionInfo get(@PathParam("name") String name, @QueryParam("namespace") String namespace) {
        return info(functions.get(qualified(namespace, name)), null);
    }

    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") String name, @QueryParam("namespace") String namespace) {
        cluster.deleteFunction(qualified(namespace, name));
        return Response.noContent().build();
    }

    /** The function's key: in {@code ?namespace=}, else in the caller's own namespace. */
    String qualified(String namespace, String name) {
        if (name == null || name.contains("/")) {
            throw TestbedException.notFound("no function named '" + name + "'");
        }
        return FunctionId.of(caller.namespace(namespace), name).qualified();
    }

    /**
     * Runs the function once on the node the policy picks, with the request body (any bytes) as its payload.
     * 200 with status "ok" or "failed" (non-zero exit) when it ran; 404 unknown function; 413 payload over the
     * limit (nothing runs); 503 no node fits; 502 the node or the handler failed (with the handler's log tail); 504
     * timeout. Every case but 404/413/400 gets a CSV row. The answer is JSON, or with
     * {@code Accept: application/octet-stream} the function's output byte for byte with the rest in X- headers.
     * {@code ?path=handler|exec} overrides the configured path for this call. {@code ?async=true} answers 202 at once
     * with the invocation's id and a Location to ask for it ({@code GET /invocations/{id}}); 429 when the
     * asynchronous queue is full.
     */
    @POST
    @Path("/invoke/{name}")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    public Response invoke(@PathParam("name") String name, @QueryParam("namespace") String namespace,
                           @QueryParam("path") String path, @QueryParam("async") String asyncParam,
                           @HeaderParam("Accept") String accept, byte[] body) {
        return invokeQualified(qualified(namespace, name), path, asyncParam, accept, body);
    }

    /** Invocation of a function given by its key (see {@link #invoke}); shared with {@code POST /{namespace}/{function}}. */
    Response invokeQualified(String name, String path, String asyncParam, String accept, byte[] body) {
        InvocationPath requested = null;
        if (path != null && !path.isBlank()) {
            requested = InvocationPath.parse(path).orElseThrow(() -> ApiException.badRequest("unknown path '" + path
                    + "'; known: " + InvocationPath.ids()));
        }
        if (asyncParam != null && !asyncParam.equals("false")) {
            if (!asyncParam.isEmpty() && !asyncParam.equals("true")) {
                throw ApiException.badRequest("async must be true or false, not '" + asyncParam + "'");
            }
            var accepted = async.submit(name, body == null ? new byte[0] : body, requested);
            String location = "/invocations/" + accepted.invocationId();
            return Response.status(202).location(java.net.URI.create(location))
                    .entity(java.util.Map.of("invocationId", accepted.invocationId(), "status", accepted.status().id(),
                            "location", location))
                    .type(MediaType.APPLICATION_JSON_TYPE).build();
        }
        InvocationResult r = invocations.invoke(name, body == null ? new byte[0] : body, requested);
        if (!wantsRaw(accept)) {
            return Response.ok(r, MediaType.APPLICATION_JSON_TYPE).build();
        }
        Response.ResponseBuilder raw = Response.ok(r.rawOutput(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("X-Invocation-Id", r.invocationId())
                .header("X-Status", r.status().id())
                .header("X-Node", r.node())
                .header("X-Path", r.path().id())
                .header("X-Execution-Mode", r.executionMode())
                .header("X-Execution-Time-S", String.format(java.util.Locale.ROOT, "%.6f", r.executionTimeS()))
                .header("X-State-Check", r.stateCheck().id());
        if (r.exitCode() != null) {
            raw.header("X-Exit-Code", r.exitCode());
        }
        if (r.functionMs() != null) {
            raw.header("X-Function-Ms", String.format(java.util.Locale.ROOT, "%.3f", r.functionMs()));
        }
        if (r.timings().queueMs() >= 0) {
            raw.header("X-Queue-Ms", r.timings().queueMs());
        }
        if (r.container().startType() != null) {
            raw.header("X-Start-Type", r.container().startType().id());
        }
        if (r.timings().initMs() >= 0) {
            raw.header("X-Init-Ms", r.timings().initMs());
        }
        if (!r.error().isEmpty()) {
            // Header values are one line: the first line of the error says enough; JSON answers carry all of it.
            raw.header("X-Error", r.error().lines().findFirst().orElse("").replaceAll("[^\\x20-\\x7e]", "?"));
        }
        return raw.build();
    }

    static Dtos.FunctionInfo info(FunctionSpec f, List<NodePreparer.Step> steps) {
        return new Dtos.FunctionInfo(f.id().name(), f.namespace(), f.name(), f.image(), f.command(), f.keepAliveCommand(),
                f.hasHandler() ? f.handler() : null, f.timeout() == null ? null : f.timeout().toSeconds(),
                f.demand().memoryMb(), f.demand().concurrency(), f.demand().minIdle(), f.demand().maxContainers(),
                f.registeredAt(), steps);
    }

    /** Numbers in an argument array count as their text; the cluster service refuses the other shapes. */
    static CommandInput command(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return new CommandInput.Line(node.asText());
        }
        if (!node.isArray()) {
            return new CommandInput.Other(false);
        }
        List<String> args = new ArrayList<>();
        for (JsonNode a : node) {
            if (!a.isTextual() && !a.isNumber()) {
                return new CommandInput.Other(true);
            }
            args.add(a.asText());
        }
        return new CommandInput.Args(args);
    }

    /** Raw output only when asked for explicitly and preferred over JSON (a missing or wildcard Accept gets JSON). */
    static boolean wantsRaw(String accept) {
        if (accept == null) {
            return false;
        }
        String a = accept.toLowerCase(java.util.Locale.ROOT);
        return a.contains(MediaType.APPLICATION_OCTET_STREAM) && !a.contains(MediaType.APPLICATION_JSON);
    }
}
