package faastestbed.gateway.api;

import faastestbed.common.metrics.MetricsRecord;
import faastestbed.gateway.invocation.AsyncInvocations;
import faastestbed.gateway.invocation.InvocationResult;
import faastestbed.gateway.metrics.MetricsRecorder;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Asynchronous invocations (submitted with {@code POST /functions/invoke/{name}?async=true}): status and result; and
 * the last invocations of every kind as their CSV rows say, for the dashboard.
 */
@Path("/invocations")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class InvocationResource {
    @Inject
    AsyncInvocations async;
    @Inject
    CurrentCaller caller;
    @Inject
    MetricsRecorder metrics;

    /**
     * One asynchronous invocation.
     *
     * @param result     what a synchronous call would have answered with 200 (null until it ran, or when it failed)
     * @param httpStatus the status a synchronous call would have had (null while queued or running)
     */
    public record AsyncInfo(String invocationId, String function, String status, Instant submittedAt, Instant startedAt,
                            Instant endedAt, Long queueMs, InvocationResult result, String error, Integer httpStatus) {
        static AsyncInfo of(AsyncInvocations.Snapshot s) {
            Integer http = !s.status().finished() ? null : s.failure() == null ? 200 : ErrorMappers.status(s.failure());
            return new AsyncInfo(s.invocationId(), s.function(), s.status().id(), s.submittedAt(), s.startedAt(),
                    s.endedAt(), s.queueMs() < 0 ? null : s.queueMs(), s.result(), s.error().isEmpty() ? null : s.error(),
                    http);
        }
    }

    /** 200 with its status (queued, running, ok, failed, rejected) and, once it ran, its result; 404 unknown or expired. */
    @GET
    @Path("/{id}")
    public AsyncInfo get(@PathParam("id") String id) {
        return async.get(id).filter(this::visible).map(AsyncInfo::of).orElseThrow(() -> new ApiException(404, "no asynchronous invocation '"
                + id + "' (unknown, or its result expired: testbed.async.keep, testbed.async.max-results)", null, null));
    }

    /** The most recent first (a namespace's token: its own only): {@code ?status=queued|running|ok|failed|rejected}, {@code ?limit=} (default 100, at most 10000). */
    @GET
    public List<AsyncInfo> list(@QueryParam("status") String status, @QueryParam("limit") String limit) {
        AsyncInvocations.Status wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = Arrays.stream(AsyncInvocations.Status.values()).filter(v -> v.id().equals(status.strip()))
                    .findFirst().orElseThrow(() -> ApiException.badRequest("unknown status '" + status + "'; known: "
                            + Arrays.stream(AsyncInvocations.Status.values()).map(AsyncInvocations.Status::id).toList()));
        }
        int n = QueryParams.limit(limit, 100, 10_000);
        if (caller.get().admin()) {
            return async.list(wanted, n).stream().map(AsyncInfo::of).toList();
        }
        return async.list(wanted, Integer.MAX_VALUE).stream().filter(this::visible).limit(n).map(AsyncInfo::of).toList();
    }

    /**
     * One finished invocation, synchronous or not, from its metrics row.
     *
     * @param startType   how its container came to be (null: none, e.g. rejected, or unknown)
     * @param executionTimeS request received to answer ready (null: unknown)
     */
    public record RecentInfo(String invocationId, String function, String node, Instant timestamp, String status,
                             String failure, String policy, String mode, String path, String startType,
                             String keepAlive, Double executionTimeS, int attempts) {
        static RecentInfo of(MetricsRecord r) {
            return new RecentInfo(r.invocationId(), r.function(), r.node(), r.timestamp(), r.status().id(),
                    r.failure().id().isEmpty() ? null : r.failure().id(), r.policy(),
                    r.mode() == null ? null : r.mode().id(), r.path() == null ? null : r.path().id(),
                    r.container().startType() == null ? null : r.container().startType().id(),
                    r.container().keepAlive(), Double.isFinite(r.executionTimeS()) ? r.executionTimeS() : null,
                    r.attempts());
        }
    }

    /**
     * The last finished invocations, newest first, of every kind (synchronous, asynchronous, rejected), including
     * rows the CSV held when the gateway started: {@code ?limit=} (default 50, at most 1000). A namespace's token
     * sees its own namespace's rows only.
     */
    @GET
    @Path("/recent")
    public List<RecentInfo> recent(@QueryParam("limit") String limit) {
        int n = QueryParams.limit(limit, 50, 1000);
        boolean admin = caller.get().admin();
        return metrics.recent(n, r -> admin || caller.sees(r.function(), r.timestamp())).stream()
                .map(RecentInfo::of).toList();
    }

    /** A namespace's token sees its own invocations only; others' are answered as unknown. */
    private boolean visible(AsyncInvocations.Snapshot s) {
        return caller.sees(s.function(), s.submittedAt());
    }
}
