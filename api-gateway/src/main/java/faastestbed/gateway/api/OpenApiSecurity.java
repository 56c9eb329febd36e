package faastestbed.gateway.api;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * Tells OpenAPI readers (Swagger UI's Authorize button) that every operation takes a bearer token, as
 * {@link Authentication} requires once an admin token is configured. OpenAPI reads its definition from the
 * application class; this one changes nothing else (no path, every resource stays).
 */
@OpenAPIDefinition(info = @Info(title = "FaaS scheduler testbed gateway", version = "1"),
        security = @SecurityRequirement(name = "token"))
@SecurityScheme(securitySchemeName = "token", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The admin token (.testbed/admin-token) or a namespace's token (POST /namespaces)")
public class OpenApiSecurity extends jakarta.ws.rs.core.Application {
}
