package faastestbed.client.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A gateway answer.
 *
 * @param body parsed JSON; {@link MissingNode} when the body is empty or not JSON
 * @param raw  the body as received, for messages when it is not the expected JSON
 */
public record ApiResponse(int status, JsonNode body, String raw) {
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The gateway's {@code {"error": "..."}} message, or the raw body, or just the status. */
    public String errorMessage() {
        JsonNode error = body.path("error");
        if (error.isTextual() && !error.asText().isBlank()) {
            return error.asText();
        }
        String text = raw == null ? "" : raw.strip();
        if (text.length() > 200) {
            text = text.substring(0, 200) + "...";
        }
        return text.isEmpty() ? "HTTP " + status : text;
    }
}
