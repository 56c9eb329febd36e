package faastestbed.client.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import faastestbed.client.api.ApiResponse;
import faastestbed.client.api.GatewayClient;
import faastestbed.client.api.GatewayUnreachableException;
import faastestbed.client.config.ClientConfig;
import faastestbed.client.config.FunctionSpec;
import faastestbed.client.config.NodeSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers the configured nodes and functions. Idempotent: a 409 means an earlier run registered it already,
 * which is the normal case when experiments are repeated, so it is not an error.
 */
public final class Registrar {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayClient client;
    private final PrintStream out;

    public Registrar(GatewayClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** @return whether every node and function is registered (now or before) */
    public boolean registerAll(ClientConfig config) throws IOException, InterruptedException {
        String privateKey = null;
        if (config.sshKey() != null) {
            try {
                privateKey = Files.readString(config.sshKey(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                out.println("warning: cannot read SSH key " + config.sshKey().getFileName() + " (" + e.getMessage() + "), using the password");
            }
        }
        boolean allOk = true;
        for (NodeSpec node : config.nodes()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", node.name());
            body.put("host", node.host());
            body.put("port", node.port());
            body.put("username", config.sshUser());
            if (privateKey != null) {
                body.put("privateKey", privateKey);
            } else {
                body.put("password", config.sshPassword());
            }
            Result result = register("node", node.name(), "/nodes/register", body);
            allOk &= result != Result.FAILED;
            if (result == Result.EXISTS) {
                Map<String, Object> expected = new LinkedHashMap<>(body);
                expected.keySet().retainAll(java.util.Set.of("host", "port", "username")); // secrets are never echoed back
                warnIfDifferent("node", node.name(), "/nodes/" + GatewayClient.segment(node.name()), expected);
            }
        }
        for (String name : config.functions()) {
            FunctionSpec f = config.functionSpecs().get(name);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", f.name());
            body.put("image", f.image());
            body.put("command", f.command());
            if (!f.keepAlive().isEmpty()) {
                body.put("keepAliveCommand", f.keepAlive());
            }
            if (!f.handler().isEmpty()) {
                body.put("handler", f.handler());
            }
            if (f.timeoutSeconds() != null) {
                body.put("timeoutSeconds", f.timeoutSeconds());
            }
            putIfSet(body, "memoryMb", f.pool().memoryMb());
            putIfSet(body, "concurrency", f.pool().concurrency());
            putIfSet(body, "minIdle", f.pool().minIdle());
            putIfSet(body, "maxContainers", f.pool().maxContainers());
            Result result = register("function", name, "/functions/register", body);
            allOk &= result != Result.FAILED;
            if (result == Result.EXISTS) {
                Map<String, Object> expected = new LinkedHashMap<>(body);
                expected.remove("name");
                warnIfDifferent("function", name, null, expected);
            }
        }
        return allOk;
    }

    private enum Result { REGISTERED, EXISTS, FAILED }

    private static void putIfSet(Map<String, Object> body, String field, Integer value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    private Result register(String what, String name, String path, Map<String, Object> body)
            throws IOException, InterruptedException {
        ApiResponse response;
        try {
            response = client.post(path, body);
        } catch (GatewayUnreachableException e) {
            throw e; // nothing else can work either: the caller ends the run
        } catch (IOException e) {
            out.println(what + " " + name + ": FAILED: " + e.getMessage());
            return Result.FAILED;
        }
        return report(what, name, response);
    }

    /**
     * "Already registered" keeps the gateway's definition, which may predate an edit of the configuration:
     * say so, or a run would silently measure a different command than the one configured.
     */
    private void warnIfDifferent(String what, String name, String path, Map<String, Object> expected)
            throws IOException, InterruptedException {
        JsonNode existing;
        try {
            if (path != null) {
                ApiResponse r = client.get(path);
                existing = r.isSuccess() ? r.body() : null;
            } else {
                ApiResponse r = client.get("/functions");
                existing = null;
                for (JsonNode f : r.isSuccess() ? r.body() : JSON.createArrayNode()) {
                    if (name.equals(f.path("name").asText())) {
                        existing = f;
                    }
                }
            }
        } catch (GatewayUnreachableException e) {
            throw e;
        } catch (IOException e) {
            return; // only a courtesy check
        }
        if (existing == null) {
            return;
        }
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            JsonNode want = JSON.valueToTree(e.getValue());
            JsonNode have = existing.path(e.getKey());
            if (!have.isMissingNode() && !have.equals(want)) {
                out.println("warning: " + what + " " + name + " is registered with " + e.getKey() + " " + have
                        + ", the configuration says " + want + "; the gateway keeps its own (delete it there to re-register)");
            }
        }
    }

    private Result report(String what, String name, ApiResponse r) {
        if (r.status() == 409) {
            out.println(what + " " + name + ": already registered");
            return Result.EXISTS;
        }
        if (r.isSuccess()) {
            String detail = "";
            if (r.body().has("auth")) {
                detail = " (auth " + r.body().path("auth").asText() + ", host key "
                        + r.body().path("hostKeyFingerprint").asText("?") + ")";
            }
            out.println(what + " " + name + ": registered" + detail);
            return Result.REGISTERED;
        }
        out.println(what + " " + name + ": FAILED, HTTP " + r.status() + ": " + r.errorMessage());
        return Result.FAILED;
    }
}
