package faastestbed.gateway.api;

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
    @jakarta.inject.Inject
    faastestbed.gateway.namespace.NamespaceRegistry namespaces;
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

    /**
     * Whether the caller may see something done for the function at that time (an asynchronous invocation, a
     * build): a member sees its namespace's, and only from the namespace's creation on, so a namespace created
     * again under an old name does not inherit the old one's answers and logs.
     */
    public boolean sees(String qualifiedFunction, java.time.Instant at) {
        String ns = FunctionId.namespaceOf(qualifiedFunction);
        Caller c = get();
        if (c.admin()) {
            return true;
        }
        return c.mayUse(ns) && namespaces.find(ns).map(n -> at == null || !at.isBefore(n.createdAt())).orElse(false);
    }
}
