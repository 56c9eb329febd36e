package faastestbed.client.run;

import faastestbed.client.config.BadInputException;
import faastestbed.client.config.ClientConfig;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One cell of the experiment matrix: the workload runs once per policy x mode (x keep-alive, for the dynamic mode)
 * x path (x payload size).
 *
 * @param keepAlive the keep-alive policy of a dynamic cell, sent in its PUT /config; "" for the static modes, and for
 *                  a dynamic cell that leaves the gateway's own in place
 * @param payload   what every invocation of the cell sends
 */
public record Cell(String policy, ExecutionMode mode, String keepAlive, InvocationPath path, Payload payload) {

    /** The gateway's rule for a cell tag; a tag it would refuse is reported before any cell runs. */
    public static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/+-]{0,99}");

    public Cell {
        keepAlive = mode == ExecutionMode.DYNAMIC && keepAlive != null ? keepAlive : "";
    }

    /**
     * The tag of its rows in metrics.csv: "round-robin/warmed/handler", "round-robin/dynamic+fixed-ttl:30s/handler",
     * plus "/1K" in a size sweep. The keep-alive joins the mode's segment so every tag splits into the same fields.
     */
    public String tag() {
        String tag = policy + "/" + mode.id() + (keepAlive.isEmpty() ? "" : "+" + keepAlive) + "/" + path.id();
        return payload.tag().isEmpty() ? tag : tag + "/" + payload.tag();
    }

    /** Label for answers that carry none, as the gateway would label them. */
    public String label() {
        return ExecutionLabel.of(policy, mode, keepAlive, path);
    }

    /** Every cell, with the configured keep-alive policies; see {@link #matrix(ClientConfig, List, List)}. */
    public static List<Cell> matrix(ClientConfig config, List<Payload> payloads) {
        return matrix(config, config.keepAlives(), payloads);
    }

    /**
     * Every cell, policies outermost and payloads innermost, each list in its configured order. Only dynamic cells
     * are multiplied by {@code keepAlives}: a static mode keeps no containers, so its cells would only repeat.
     *
     * @param keepAlives empty: one dynamic cell per policy x path, with the gateway's keep-alive
     */
    public static List<Cell> matrix(ClientConfig config, List<String> keepAlives, List<Payload> payloads) {
        List<String> dynamic = keepAlives.isEmpty() ? List.of("") : keepAlives;
        List<Cell> cells = new ArrayList<>();
        for (String policy : config.policies()) {
            for (ExecutionMode mode : config.modes()) {
                for (String keepAlive : mode == ExecutionMode.DYNAMIC ? dynamic : List.of("")) {
                    for (InvocationPath path : config.paths()) {
                        for (Payload payload : payloads) {
                            cells.add(new Cell(policy, mode, keepAlive, path, payload));
                        }
                    }
                }
            }
        }
        return List.copyOf(cells);
    }

    /** Long policy names plus a keep-alive argument can outgrow the gateway's limit: say so before anything runs. */
    public static void checkTags(List<Cell> cells) throws BadInputException {
        for (Cell cell : cells) {
            if (!TAG.matcher(cell.tag()).matches()) {
                throw new BadInputException("cell tag '" + cell.tag() + "' does not fit the gateway's rule (letters, digits"
                        + " and _ . : / + -, at most 100 characters): shorten a policy or keep-alive name");
            }
        }
    }
}
