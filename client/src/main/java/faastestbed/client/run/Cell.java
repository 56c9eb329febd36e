package faastestbed.client.run;

import faastestbed.client.config.ClientConfig;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;

import java.util.ArrayList;
import java.util.List;

/**
 * One cell of the experiment matrix: the workload runs once per policy x mode x path (x payload size).
 *
 * @param payload what every invocation of the cell sends
 */
public record Cell(String policy, ExecutionMode mode, InvocationPath path, Payload payload) {

    /** The tag of its rows in metrics.csv: "round-robin/warmed/handler", plus "/1K" in a size sweep. */
    public String tag() {
        String tag = policy + "/" + mode.id() + "/" + path.id();
        return payload.tag().isEmpty() ? tag : tag + "/" + payload.tag();
    }

    /** Label for answers that carry none, as the gateway would label them. */
    public String label() {
        return ExecutionLabel.of(policy, mode, path);
    }

    /** Every cell, policies outermost and payloads innermost, each list in its configured order. */
    public static List<Cell> matrix(ClientConfig config, List<Payload> payloads) {
        List<Cell> cells = new ArrayList<>();
        for (String policy : config.policies()) {
            for (ExecutionMode mode : config.modes()) {
                for (InvocationPath path : config.paths()) {
                    for (Payload payload : payloads) {
                        cells.add(new Cell(policy, mode, path, payload));
                    }
                }
            }
        }
        return List.copyOf(cells);
    }
}
