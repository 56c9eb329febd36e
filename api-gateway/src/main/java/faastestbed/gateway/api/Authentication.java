package faastestbed.gateway.api;

import faastestbed.gateway.namespace.AccessControl;
import faastestbed.gateway.namespace.Caller;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.util.Map;
import java.util.Set;

/**
 * Every API request (Quarkus' own endpoints under {@code /q/}: health, OpenAPI, Swagger UI are not API requests) names its caller with
 * {@code Authorization: Bearer <token>}: 401 without a valid token. Admin-only areas answer 403 to a namespace's
 * token; within the areas a member may use, the resources check the namespace. Runs before routing, so an
 * unauthenticated caller learns nothing from 404s either.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class Authentication implements ContainerRequestFilter {
    /** First path segments only the admin may use at all. */
    static final Set<String> ADMIN_AREAS = Set.of("nodes", "cluster", "namespaces", "pool", "metrics");

    @Inject
    AccessControl access;
    @Inject
    CurrentCaller current;

    @Override
    public void filter(ContainerRequestContext request) {
        // Quarkus' own endpoints (/q/health, /q/openapi, Swagger UI) are routes outside JAX-RS: they never come here,
        // so every request that does needs a token, whatever its path looks like.
        String first = firstSegment(request.getUriInfo().getPath());
        Caller caller = access.caller(bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION))).orElse(null);
        if (caller == null) {
            request.abortWith(Response.status(401).type(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"faas-testbed\"")
                    .entity(Map.of("error", "a valid token is required: Authorization: Bearer <token> (the admin "
                            + "token is in .testbed/admin-token; a namespace's token comes from POST /namespaces)"))
                    .build());
            return;
        }
        current.set(caller);
        boolean adminOnly = ADMIN_AREAS.contains(first) || (first.equals("config") && !request.getMethod().equals("GET"));
        if (adminOnly && !caller.admin()) {
            request.abortWith(Response.status(403).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", "/" + first + (first.equals("config") ? " changes" : "")
                            + " need the admin token; this token is for namespace '" + caller.homeNamespace() + "'"))
                    .build());
        }
    }

    static String firstSegment(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        int slash = p.indexOf('/');
        return slash < 0 ? p : p.substring(0, slash);
    }

    static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        return h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).strip() : null;
    }
}
