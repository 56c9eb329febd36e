package faastestbed.gateway.api;

import faastestbed.gateway.build.Builds;
import faastestbed.gateway.cluster.CommandInput;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;

/**
 * Builds of functions deployed from source ({@code POST /functions/deploy}): status and live log, while they build
 * and for a while after.
 */
@Path("/builds")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class BuildResource {
    @Inject
    Builds builds;
    @Inject
    CurrentCaller caller;

    /** One build; durations in ms, null until their phase ended. */
    public record BuildInfo(String buildId, String function, String kind, String status, String node, String image,
                            Instant submittedAt, Instant startedAt, Instant endedAt, Long queueMs, Long buildMs,
                            Long pushMs, Long registerMs, String error, List<String> logTail, String log) {
        static BuildInfo of(Builds.Snapshot s) {
            return new BuildInfo(s.buildId(), s.function(), s.kind().id(), s.status().id(), s.node(), s.image(),
                    s.submittedAt(), s.startedAt(), s.endedAt(), ms(s.queueMs()), ms(s.buildMs()), ms(s.pushMs()),
                    ms(s.registerMs()), s.error().isEmpty() ? null : s.error(), s.logTail(),
                    "/builds/" + s.buildId() + "/log");
        }

        private static Long ms(long v) {
            return v < 0 ? null : v;
        }
    }

    /** The most recent first ({@code ?limit=}, default 100). */
    @GET
    public List<BuildInfo> list(@QueryParam("limit") String limit) {
        int n = QueryParams.limit(limit, 100, 10_000);
        return builds.list(caller.get().admin() ? n : Integer.MAX_VALUE).stream().filter(this::visible).limit(n)
                .map(BuildInfo::of).toList();
    }

    /** Status: queued, building, pushing, registering, ok, failed; 404 unknown or expired (testbed.build.keep). */
    @GET
    @Path("/{id}")
    public BuildInfo get(@PathParam("id") String id) {
        return builds.get(id).filter(this::visible).map(BuildInfo::of).orElseThrow(() -> unknown(id));
    }

    /**
     * The log from character {@code from} on (default 0), live while it builds. {@code X-Build-Status} says where the
     * build is and {@code X-Log-Offset} where to read next: a reader asks again until the status is ok or failed.
     */
    @GET
    @Path("/{id}/log")
    @Produces({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON})
    public Response log(@PathParam("id") String id, @QueryParam("from") String from) {
        Integer offset = QueryParams.number("from", from);
        if (offset != null && offset < 0) {
            throw ApiException.badRequest("from must be >= 0");
        }
        builds.get(id).filter(this::visible).orElseThrow(() -> unknown(id));
        Builds.LogSlice slice = builds.log(id, offset == null ? 0 : offset).orElseThrow(() -> unknown(id));
        return Response.ok(slice.text(), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .header("X-Build-Status", slice.status().id())
                .header("X-Log-Offset", slice.nextOffset()).build();
    }

    /** A namespace's token sees its own namespace's builds only; others' are answered as unknown. */
    private boolean visible(Builds.Snapshot s) {
        return caller.sees(s.function(), s.submittedAt());
    }

    private static ApiException unknown(String id) {
        return new ApiException(404, "no build '" + id + "' (unknown, or expired: testbed.build.keep)", null, null);
    }

    static CommandInput line(String text) {
        return text == null || text.isBlank() ? null : new CommandInput.Line(text);
    }
}
