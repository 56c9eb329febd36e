package faastestbed.gateway.namespace;

import faastestbed.gateway.domain.TestbedException;
import faastestbed.gateway.function.FunctionId;

import java.util.Locale;

/**
 * Where deploys from source put their images, and who may run them. Each namespace's images live under a path of
 * their own, {@code deployed/<namespace>/<name>} ({@code deployed/<name>} for the default namespace). Nodes pull
 * anonymously, so the path is what keeps one tenant from registering, and so running and reading, another tenant's
 * deployed code: a function may name a deployed image of its own namespace only.
 */
public final class DeployedImages {
    static final String ROOT = "deployed";

    private DeployedImages() {
    }

    /** The repository (no registry host, no tag) a deploy of {@code name} in {@code namespace} pushes to. */
    public static String repository(String namespace, String name) {
        return ROOT + "/" + (namespace.equals(FunctionId.DEFAULT_NAMESPACE) ? "" : segment(namespace) + "/") + segment(name);
    }

    /** 400 when {@code image} is a deployed image of another namespace than {@code namespace}. */
    public static void checkUse(String namespace, String image) {
        String[] path = path(image);
        if (path.length < 2 || !path[0].equals(ROOT)) {
            return;
        }
        // deployed/<name> is the default namespace's; deployed/<ns>/<name>[/...] is <ns>'s
        String owner = path.length == 2 ? FunctionId.DEFAULT_NAMESPACE : path[1];
        if (!owner.equals(namespace)) {
            throw TestbedException.badInput("image '" + image + "' was deployed in namespace '" + owner + "'; a function of "
                    + "namespace '" + namespace + "' may use deployed images of its own namespace only");
        }
    }

    /** The repository path's segments, without a registry host (docker's rule: a first part with '.' or ':', or localhost) and tag or digest. */
    static String[] path(String image) {
        String ref = image.toLowerCase(Locale.ROOT);
        int at = ref.indexOf('@');
        if (at >= 0) {
            ref = ref.substring(0, at);
        }
        int slash = ref.indexOf('/');
        if (slash > 0) {
            String first = ref.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                ref = ref.substring(slash + 1);
            }
        }
        int colon = ref.lastIndexOf(':');
        if (colon > ref.lastIndexOf('/')) {
            ref = ref.substring(0, colon);
        }
        return ref.split("/");
    }

    /** A docker repository component from a name: lower case, runs of anything else as one '-'. */
    private static String segment(String name) {
        String r = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return r.isEmpty() ? "fn" : r;
    }
}
