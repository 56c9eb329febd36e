package faastestbed.gateway.invocation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import faastestbed.common.metrics.ContainerUse;
import faastestbed.common.metrics.Timings;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.Failure;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.InvocationStatus;
import faastestbed.common.model.StateCheck;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What an invocation answers (and, nearly one to one, what its CSV row holds).
 *
 * @param output         the function's output as text when it is UTF-8, else base64 ({@code outputEncoding} says which)
 * @param functionMs     the function's own time as its runtime reported it; null when unknown (exec path)
 * @param rawOutput      the output byte for byte, for answers that send it raw
 * @param failure        whose failure a failed invocation was: the function's or the platform's
 * @param attempts       nodes it was tried on (2: a platform failure before the function started sent it elsewhere)
 */
public record InvocationResult(
        String invocationId,
        String function,
        String node,
        String policy,
        ExecutionMode mode,
        InvocationPath path,
        String executionMode,
        InvocationStatus status,
        Integer exitCode,
        String output,
        String outputEncoding,
        String error,
        StateCheck stateCheck,
        double executionTimeS,
        Timings timings,
        Double functionMs,
        long payloadBytes,
        long outputBytes,
        double cpuPercent,
        double ramPercent,
        @JsonIgnore byte[] rawOutput,
        ContainerUse container,
        Failure failure,
        int attempts) {

    /** The same result with its container side. */
    public InvocationResult with(ContainerUse use) {
        return new InvocationResult(invocationId, function, node, policy, mode, path, executionMode, status, exitCode,
                output, outputEncoding, error, stateCheck, executionTimeS, timings, functionMs, payloadBytes, outputBytes,
                cpuPercent, ramPercent, rawOutput, use, failure, attempts);
    }

    public static final String UTF8 = "utf-8";
    public static final String BASE64 = "base64";

    /** Output as JSON carries it: the text and what it is ({@link #UTF8} or {@link #BASE64}). */
    record EncodedOutput(String text, String encoding) {
    }

    /** Text when the bytes are valid UTF-8 without NULs, else base64: JSON carries binary output safely either way. */
    static EncodedOutput encode(byte[] out) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out)).toString();
            if (text.indexOf('\0') < 0) {
                return new EncodedOutput(text, UTF8);
            }
        } catch (CharacterCodingException ignored) {
            // binary: base64 below
        }
        return new EncodedOutput(Base64.getEncoder().encodeToString(out), BASE64);
    }
}
