package faastestbed.gateway.namespace;

/** Who sent a request, as its token says. */
public sealed interface Caller {
    /** May do anything: nodes, configuration, namespaces, every namespace's functions. */
    record Admin() implements Caller {
    }

    /** May register, deploy and invoke functions of its own namespace only. */
    record Member(String namespace, String tokenId) implements Caller {
    }

    Admin ADMIN = new Admin();

    default boolean admin() {
        return this instanceof Admin;
    }

    /** The namespace a request means when it names none. */
    default String homeNamespace() {
        return this instanceof Member m ? m.namespace() : faastestbed.gateway.function.FunctionId.DEFAULT_NAMESPACE;
    }

    default boolean mayUse(String namespace) {
        return admin() || ((Member) this).namespace().equals(namespace);
    }
}
