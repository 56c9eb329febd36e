package faastestbed.client.run;

import com.fasterxml.jackson.databind.JsonNode;
import faastestbed.client.Io;
import faastestbed.client.api.ApiResponse;
import faastestbed.client.api.GatewayClient;
import faastestbed.client.api.GatewayUnreachableException;
import faastestbed.client.config.BadInputException;
import faastestbed.client.config.ClientConfig;
import faastestbed.client.config.KeepAlives;
import faastestbed.common.model.ExecutionMode;
import faastestbed.common.model.InvocationPath;
import faastestbed.common.model.InvocationStatus;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code run} command: register, then for every policy x mode (x keep-alive) x path (x payload size) cell
 * configure the gateway, reset the cluster into the state the mode promises, and drive the same workload plan;
 * finally print the summary.
 */
public final class ExperimentRunner {
    private final ClientConfig config;
    private final WorkloadPlan plan;
    private final List<Payload> payloads;
    private final GatewayClient client;
    private final Io io;

    /** @param payloads the payload dimension of the matrix ({@link Payload#of}) */
    public ExperimentRunner(ClientConfig config, WorkloadPlan plan, List<Payload> payloads, GatewayClient client, Io io) {
        this.config = config;
        this.plan = plan;
        this.payloads = List.copyOf(payloads);
        this.client = client;
        this.io = io;
    }

    /** @return the exit code: 0 when every invocation was ok, 1 otherwise */
    public int run() throws IOException, InterruptedException, BadInputException {
        PrintStream out = io.out();
        ApiResponse current = client.get("/config");
        checkAgainstGateway(current);

        List<String> keepAlives = keepAlives(current);
        List<Cell> cells = Cell.matrix(config, keepAlives, payloads);
        Cell.checkTags(cells);
        out.println("run " + config.runId() + " against " + client.baseUrl());
        out.println("workload per cell: " + plan.describe());
        out.println("payload: " + (payloads.size() == 1 ? payloads.get(0).describe()
                : "one cell per size, " + String.join(", ", payloads.stream().map(Payload::tag).toList())
                + " (seeded random bytes, seed " + config.workload().seed() + ")"));
        if (config.modes().contains(ExecutionMode.DYNAMIC)) {
            out.println("keep-alive of the dynamic cells: " + (!config.keepAlives().isEmpty()
                    ? (keepAlives.size() == 1 ? "" : "one cell each, ") + String.join(", ", keepAlives)
                    : keepAlives.get(0).isEmpty() ? "the gateway's" : "the gateway's, " + keepAlives.get(0)));
        }
        out.println("cells: " + String.join(", ", cells.stream().map(Cell::tag).toList()));

        if (config.register() && !new Registrar(client, out).registerAll(config)) {
            io.err().println("error: registration failed (see above); fix the configuration, or pass --no-register"
                    + " if the gateway already has what it needs");
            return 1;
        }

        List<InvocationOutcome> all = new ArrayList<>();
        int cellFailures = 0;
        int cellNo = 0;
        try {
            for (Cell cell : cells) {
                String prefix = String.format(Locale.ROOT, "cell %d/%d %s", ++cellNo, cells.size(), cell.tag());
                if (!prepare(prefix, cell)) {
                    cellFailures++;
                    continue;
                }
                long start = System.nanoTime();
                List<InvocationOutcome> outcomes = WorkloadRunner.run(plan,
                        new GatewayInvoker(client, cell.label(), cell.payload().bytes(), config.async()), progress());
                String payloadTag = cell.payload().tag();
                outcomes.stream().map(o -> o.withPayload(payloadTag)).forEach(all::add);
                long ok = outcomes.stream().filter(InvocationOutcome::ok).count();
                out.printf(Locale.ROOT, "%s: %d invocations, %d ok, %d not ok, in %.1f s%n",
                        prefix, outcomes.size(), ok, outcomes.size() - ok, (System.nanoTime() - start) / 1e9);
                if (plan instanceof WorkloadPlan.OpenLoop) {
                    out.println(prefix + ": " + Summary.lateness(outcomes));
                }
                outcomes.stream().filter(o -> !o.ok()).map(InvocationOutcome::error).distinct().limit(3)
                        .forEach(e -> out.println(prefix + ": e.g. " + e));
            }
        } catch (GatewayUnreachableException e) {
            // The gateway went away mid-run: show what was measured before reporting it.
            printSummary(all, cellFailures);
            throw e;
        }
        return printSummary(all, cellFailures);
    }

    /** Rejects policies, modes, keep-alives and paths the gateway does not know before any cell runs, as bad input. */
    private void checkAgainstGateway(ApiResponse current) throws BadInputException {
        check(current, "policies", "policy", config.policies());
        check(current, "modes", "mode", config.modes().stream().map(ExecutionMode::id).toList());
        if (config.modes().contains(ExecutionMode.DYNAMIC)) {
            check(current, "keepAlives", "keep-alive policy",
                    config.keepAlives().stream().map(KeepAlives::name).distinct().toList());
        }
        check(current, "paths", "path", config.paths().stream().map(InvocationPath::id).toList());
    }

    /**
     * The configured keep-alives, or else the one the gateway has now, sent explicitly all the same: a gateway keeps
     * the last one set, so this names in tags and labels what the dynamic cells really run under.
     *
     * @return never empty; [""] when neither the configuration nor the gateway names one
     */
    private List<String> keepAlives(ApiResponse current) {
        if (!config.keepAlives().isEmpty()) {
            return config.keepAlives();
        }
        String now = current.isSuccess() ? current.body().path("keepAlive").asText("") : "";
        return List.of(KeepAlives.isValid(now) ? now : "");
    }

    private static void check(ApiResponse current, String field, String what, List<String> wanted) throws BadInputException {
        JsonNode known = current.body().path(field);
        if (!current.isSuccess() || !known.isArray() || known.isEmpty()) {
            return; // nothing to check against; a bad value still fails at PUT /config
        }
        List<String> names = new ArrayList<>();
        known.forEach(n -> names.add(n.asText()));
        for (String w : wanted) {
            if (!names.contains(w)) {
                throw new BadInputException("unknown " + what + " '" + w + "' (the gateway knows: " + String.join(", ", names) + ")");
            }
        }
    }

    /** PUT /config then POST /cluster/reset; false (reported) when either fails. */
    private boolean prepare(String prefix, Cell cell) throws IOException, InterruptedException {
        ExecutionMode mode = cell.mode();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policy", cell.policy());
        body.put("mode", mode.id());
        if (!cell.keepAlive().isEmpty()) {
            body.put("keepAlive", cell.keepAlive());
        }
        body.put("path", cell.path().id());
        body.put("cell", cell.tag());
        body.put("runId", config.runId());
        if (config.preparedNodes() != null) {
            body.put("preparedNodes", config.preparedNodes());
        }
        io.out().println(prefix + ": configuring and resetting the cluster");
        long start = System.nanoTime();
        ApiResponse[] put = new ApiResponse[1];
        if (!ok(prefix, "PUT /config", () -> put[0] = client.put("/config", body))) {
            return false;
        }
        // A mode change already re-prepared every node (the answer lists the steps): a reset would redo it.
        JsonNode steps = put[0].body().path("preparation");
        if (steps.isArray() && steps.size() > 0) {
            for (JsonNode step : steps) {
                if (step.hasNonNull("error")) {
                    io.err().println(prefix + ": preparing " + step.path("function").asText() + " on "
                            + step.path("node").asText() + " failed: " + step.path("error").asText());
                    return false;
                }
            }
            io.out().printf(Locale.ROOT, "%s: ready in %.1f s (mode change prepared the nodes)%n", prefix,
                    (System.nanoTime() - start) / 1e9);
            return true;
        }
        ApiResponse[] reset = new ApiResponse[1];
        if (!ok(prefix, "POST /cluster/reset", () -> reset[0] = client.post("/cluster/reset", Map.of()))) {
            return false;
        }
        if (reset[0].body().path("ok").isBoolean() && !reset[0].body().path("ok").asBoolean()) {
            io.err().println(prefix + ": the reset left some node out of the " + mode.id() + " state: "
                    + reset[0].body().path("steps"));
            return false;
        }
        JsonNode resetMs = reset[0].body().path("durationMs");
        io.out().printf(Locale.ROOT, "%s: ready in %.1f s%s%n", prefix, (System.nanoTime() - start) / 1e9,
                resetMs.isNumber() ? String.format(Locale.ROOT, " (reset %.1f s)", resetMs.asDouble() / 1000) : "");
        return true;
    }

    private interface Call {
        ApiResponse send() throws IOException, InterruptedException;
    }

    private boolean ok(String prefix, String what, Call call) throws IOException, InterruptedException {
        try {
            ApiResponse r = call.send();
            if (r.isSuccess()) {
                return true;
            }
            io.out().println(prefix + ": " + what + " failed, HTTP " + r.status() + ": " + r.errorMessage() + "; cell skipped");
        } catch (GatewayUnreachableException e) {
            throw e;
        } catch (IOException e) {
            io.out().println(prefix + ": " + what + " failed: " + e.getMessage() + "; cell skipped");
        }
        return false;
    }

    private ProgressReporter progress() {
        ProgressReporter.Style style = !config.progress() ? ProgressReporter.Style.OFF
                : io.terminal() ? ProgressReporter.Style.IN_PLACE : ProgressReporter.Style.LINES;
        long span = plan instanceof WorkloadPlan.OpenLoop open ? open.spanNanos() : 0;
        return new ProgressReporter(plan.size(), span, style, io.err(), System::nanoTime);
    }

    private int printSummary(List<InvocationOutcome> all, int cellFailures) {
        PrintStream out = io.out();
        long ok = all.stream().filter(InvocationOutcome::ok).count();
        long rejected = all.stream().filter(o -> o.status() == InvocationStatus.REJECTED).count();
        out.println();
        out.printf(Locale.ROOT, "summary of run %s: %d invocations, %d ok, %d failed, %d rejected%s%n",
                config.runId(), all.size(), ok, all.size() - ok - rejected, rejected,
                cellFailures == 0 ? "" : ", " + cellFailures + " cell(s) skipped");
        if (!all.isEmpty()) {
            out.print(Summary.table(Summary.rows(all, config.functions())));
        }
        out.println("(times: the gateway's execution time of the ok invocations, seconds)");
        return ok == all.size() && cellFailures == 0 ? 0 : 1;
    }
}
