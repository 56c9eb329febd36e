package faastestbed.gateway.api;

import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.function.FunctionId;
import faastestbed.gateway.namespace.Caller;
import jakarta.enterprise.context.RequestScoped;

/**
 * The caller of the request being served, as {@link Authentication} found it. A request it did not see has no caller:
 * it is refused rather than taken for the admin's (the admin's only when tokens are off).
 */
@RequestScoped
public class CurrentCaller {
    @jakarta.inject.Inject
    faastestbed.gateway.namespace.AccessControl access;
    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            if (access.enabled()) {
                throw new ApiException(401, "a valid token is required: Authorization: Bearer <token>", null, null);
            }
            caller = Caller.ADMIN;
        }
        return caller;
    }

    /**
     * The namespace a request acts in: the one it names, else the caller's own. Naming another namespace than a
     * member's own is refused with 403, which says nothing about what that namespace holds.
     */
    public String namespace(String requested) {
        Caller caller = get();
        String ns = requested == null || requested.isBlank() ? caller.homeNamespace() : requested.strip();
        if (!caller.mayUse(ns)) {
            throw new ApiException(403, "this token is for namespace '" + caller.homeNamespace()
                    + "'; it cannot act in namespace '" + ns + "'", null, null);
        }
        return ns;
    }

    /** A qualified function name the caller may use, or 404 as if it did not exist. */
    public void mayUseFunction(String qualified) {
        if (!get().mayUse(FunctionId.namespaceOf(qualified))) {
            throw TestbedException.notFound("no function named '" + FunctionId.parse(qualified).name() + "'");
        }
    }

    public void requireAdmin(String what) {
        if (!get().admin()) {
            throw new ApiException(403, what + " needs the admin token; this token is for namespace '"
                    + get().homeNamespace() + "'", null, null);
        }
    }
}
