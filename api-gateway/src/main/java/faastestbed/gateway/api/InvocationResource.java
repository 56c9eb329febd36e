package faastestbed.gateway.api;

import faastestbed.gateway.invocation.AsyncInvocations;
import faastestbed.gateway.invocation.InvocationResult;
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

/** Asynchronous invocations (submitted with {@code POST /functions/invoke/{name}?async=true}): status and result. */
@Path("/invocations")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class InvocationResource {
    @Inject
    AsyncInvocations async;
    @Inject
    CurrentCaller caller;

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
    public List<AsyncInfo> list(@QueryParam("status") String status, @QueryParam("limit") Integer limit) {
        AsyncInvocations.Status wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = Arrays.stream(AsyncInvocations.Status.values()).filter(v -> v.id().equals(status.strip()))
                    .findFirst().orElseThrow(() -> ApiException.badRequest("unknown status '" + status + "'; known: "
                            + Arrays.stream(AsyncInvocations.Status.values()).map(AsyncInvocations.Status::id).toList()));
        }
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 10_000) {
            throw ApiException.badRequest("limit must be between 1 and 10000, not " + n);
        }
        if (caller.get().admin()) {
            return async.list(wanted, n).stream().map(AsyncInfo::of).toList();
        }
        return async.list(wanted, Integer.MAX_VALUE).stream().filter(this::visible).limit(n).map(AsyncInfo::of).toList();
    }

    /** A namespace's token sees its own invocations only; others' are answered as unknown. */
    private boolean visible(AsyncInvocations.Snapshot s) {
        return caller.sees(s.function(), s.submittedAt());
    }
}
