package faastestbed.client.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import faastestbed.client.ClientMain;
import faastestbed.client.api.ApiResponse;
import faastestbed.client.api.GatewayClient;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code deploy DIR}: packs the folder, posts it to the gateway and follows the build's log until it ends. The log
 * goes to stdout as it arrives; the outcome (or the error with the log's last lines) is the last thing printed.
 */
public final class Deployer {
    private final GatewayClient gateway;
    private final PrintStream out;
    private final PrintStream err;
    private final Duration poll;

    public Deployer(GatewayClient gateway, PrintStream out, PrintStream err, Duration poll) {
        this.gateway = gateway;
        this.out = out;
        this.err = err;
        this.poll = poll;
    }

    /** @param query the registration, by query parameter (name, command, handler, memoryMb, timeoutSeconds) */
    public int deploy(Path dir, Map<String, String> query) throws IOException, InterruptedException,
            faastestbed.client.config.BadInputException {
        byte[] archive = FolderArchive.pack(dir);
        String q = query.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8).replace("+", "%20")).collect(Collectors.joining("&"));
        ApiResponse accepted = gateway.deploy(q, archive);
        if (accepted.status() != 202) {
            err.println("error: deploy refused (HTTP " + accepted.status() + "): " + accepted.errorMessage());
            return ClientMain.FAILED;
        }
        String id = accepted.body().path("buildId").asText();
        err.println("build " + id + " of " + accepted.body().path("function").asText() + " ("
                + accepted.body().path("kind").asText() + ", " + archive.length + " bytes) accepted");
        int offset = 0;
        while (true) {
            GatewayClient.TextResponse log = gateway.getText("/builds/" + GatewayClient.segment(id) + "/log?from=" + offset);
            if (log.status() != 200) {
                err.println("error: reading the build log failed (HTTP " + log.status() + "): " + log.text());
                return ClientMain.FAILED;
            }
            out.print(log.text());
            out.flush();
            offset = Integer.parseInt(log.header("X-Log-Offset").isEmpty() ? "0" : log.header("X-Log-Offset"));
            String status = log.header("X-Build-Status");
            if (status.equals("ok") || status.equals("failed")) {
                break;
            }
            Thread.sleep(poll.toMillis());
        }
        ApiResponse end = gateway.get("/builds/" + GatewayClient.segment(id));
        JsonNode b = end.body();
        if (end.status() == 200 && b.path("status").asText().equals("ok")) {
            out.println("deployed " + b.path("function").asText() + ": " + b.path("image").asText() + ", built on "
                    + b.path("node").asText() + " (build " + seconds(b.path("buildMs")) + ", push "
                    + seconds(b.path("pushMs")) + ", register " + seconds(b.path("registerMs")) + ")");
            return ClientMain.OK;
        }
        err.println("error: " + (end.status() == 200 ? b.path("error").asText("build failed") : end.errorMessage()));
        return ClientMain.FAILED;
    }

    private static String seconds(JsonNode ms) {
        return ms.isNumber() ? String.format(java.util.Locale.ROOT, "%.1f s", ms.asLong() / 1000.0) : "-";
    }
}
