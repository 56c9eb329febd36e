package faastestbed.client.run;

import com.fasterxml.jackson.databind.JsonNode;
import faastestbed.client.api.ApiResponse;
import faastestbed.client.api.GatewayClient;
import faastestbed.common.model.InvocationStatus;

import java.io.IOException;

/**
 * Invokes through the gateway's {@code POST /functions/invoke/{name}}, with the cell's payload as the body,
 * and classifies the answer.
 */
public final class GatewayInvoker implements Invoker {
    private final GatewayClient client;
    private final String fallbackLabel;
    private final byte[] payload;
    private final boolean async;

    /**
     * @param fallbackLabel the label of the current cell, used when an answer carries none
     * @param payload       the body of every invocation (shared, never modified); empty: none
     */
    public GatewayInvoker(GatewayClient client, String fallbackLabel, byte[] payload) {
        this(client, fallbackLabel, payload, false);
    }

    /** @param async submit with {@code ?async=true} and poll {@code GET /invocations/{id}} until it ends */
    public GatewayInvoker(GatewayClient client, String fallbackLabel, byte[] payload, boolean async) {
        this.client = client;
        this.fallbackLabel = fallbackLabel;
        this.payload = payload;
        this.async = async;
    }

    @Override
    public InvocationOutcome invoke(String function) throws InterruptedException {
        long start = System.nanoTime();
        ApiResponse response;
        try {
            response = async ? client.invokeAsync(function, payload) : client.invoke(function, payload);
        } catch (IOException e) {
            // One broken request must not end the run: it is recorded as a failure like any other.
            double rt = (System.nanoTime() - start) / 1e9;
            return new InvocationOutcome(function, InvocationStatus.FAILED, 0, fallbackLabel, "", Double.NaN, rt,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), 0);
        }
        double rt = (System.nanoTime() - start) / 1e9;
        return classify(function, response, rt, fallbackLabel);
    }

    /** Only 200 with status "ok" is ok; a 503 is a rejection, anything else a failure. */
    static InvocationOutcome classify(String function, ApiResponse response, double roundTripS, String fallbackLabel) {
        JsonNode body = response.body();
        InvocationStatus reported = InvocationStatus.parse(body.path("status").asText(null)).orElse(null);
        InvocationStatus status;
        if (response.status() == 200 && reported == InvocationStatus.OK) {
            status = InvocationStatus.OK;
        } else if (reported == InvocationStatus.REJECTED || (reported == null && response.status() == 503)) {
            status = InvocationStatus.REJECTED;
        } else {
            status = InvocationStatus.FAILED;
        }
        String error = "";
        if (status != InvocationStatus.OK) {
            error = response.errorMessage();
            if (response.status() == 200 && !body.path("error").isTextual()) {
                error = "exit code " + body.path("exitCode").asText("?");
            }
            error = "HTTP " + response.status() + ": " + error;
        }
        String label = body.path("executionMode").asText("");
        JsonNode time = body.path("executionTimeS");
        return new InvocationOutcome(function, status, response.status(),
                label.isBlank() ? fallbackLabel : label,
                body.path("node").asText(""),
                time.isNumber() ? time.asDouble() : Double.NaN,
                roundTripS, error, 0);
    }
}
