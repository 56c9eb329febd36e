package faastestbed.gateway.api;

import faastestbed.gateway.metrics.MetricsRecorder;
import faastestbed.gateway.metrics.MetricsSummary;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/metrics")
public class MetricsResource {
    @Inject
    MetricsRecorder metrics;

    /** Count, failures, state mismatches and mean/p50/p95/p99 seconds per function and execution mode. */
    @GET
    @Path("/summary")
    @Produces(MediaType.APPLICATION_JSON)
    public MetricsSummary summary() {
        return metrics.summary();
    }

    @GET
    @Path("/summary.txt")
    @Produces(MediaType.TEXT_PLAIN)
    public String table() {
        return metrics.summary().toTable();
    }
}
