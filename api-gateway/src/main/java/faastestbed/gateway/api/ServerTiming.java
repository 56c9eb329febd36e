package faastestbed.gateway.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

import java.util.Locale;

/**
 * Adds {@code Server-Timing: gateway;dur=<ms>} to every answer of the API: the time from the request reaching the
 * REST layer (before routing) to the answer being ready (before it is serialized and sent). Any client can then tell the
 * gateway's own time from the network's and its own, without trusting its clock; the overhead benchmark does.
 */
@Provider
@PreMatching
public class ServerTiming implements ContainerRequestFilter, ContainerResponseFilter {
    public static final String HEADER = "Server-Timing";
    private static final String PREFIX = "gateway;dur=";
    private static final String START = ServerTiming.class.getName() + ".start";

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(START) instanceof Long start) {
            response.getHeaders().putSingle(HEADER, value(System.nanoTime() - start));
        }
    }

    static String value(long nanos) {
        return PREFIX + String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    /** The duration in ms from a header this filter wrote; NaN if there is none. */
    public static double parse(String header) {
        if (header == null || !header.startsWith(PREFIX)) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(header.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
