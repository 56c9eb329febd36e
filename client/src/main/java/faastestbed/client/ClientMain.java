package faastestbed.client;

import faastestbed.client.api.ApiResponse;
import faastestbed.client.api.GatewayClient;
import faastestbed.client.api.GatewayUnreachableException;
import faastestbed.client.cli.ClientCli;
import faastestbed.client.cli.Command;
import faastestbed.client.cli.ParsedArgs;
import faastestbed.client.config.BadInputException;
import faastestbed.client.config.ClientConfig;
import faastestbed.client.config.ConfigReader;
import faastestbed.client.config.Settings;
import faastestbed.client.run.ExperimentRunner;
import faastestbed.client.run.Payload;
import faastestbed.client.run.Registrar;
import faastestbed.client.run.WorkloadPlan;

import java.io.IOException;
import java.time.Instant;

/**
 * Entry point of client.jar: {@code run} (default), {@code register}, {@code invoke FUNCTION}, {@code deploy DIR},
 * {@code help}.
 * Exit codes: 0 all ok, 1 an invocation or gateway operation failed, 2 bad input, 3 gateway unreachable.
 */
public final class ClientMain {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;
    public static final int UNREACHABLE = 3;

    private ClientMain() {
    }

    public static void main(String[] args) {
        int code = execute(args, Io.system());
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line; never calls System.exit, so tests can run it in-process. */
    public static int execute(String[] args, Io io) {
        Command command = null;
        try {
            ClientCli cli = new ClientCli(ConfigReader.builtInDefaults());
            ParsedArgs cl = cli.parse(args);
            command = cl.command();
            if (command == Command.HELP) {
                io.out().print(cli.usage(cl.arguments().stream().findFirst().flatMap(Command::parse).orElse(null)));
                return OK;
            }
            Settings settings = ConfigReader.load(io.workingDir(), cl.configFile());
            for (ParsedArgs.Override o : cl.overrides()) {
                settings = settings.with(o.key(), o.value(), o.flag());
            }
            boolean register = command == Command.REGISTER || (command == Command.RUN && !cl.noRegister());
            ClientConfig config = ConfigReader.resolve(settings, io.workingDir(), register, !cl.noProgress(), Instant.now())
                    .withAsync(cl.async());
            if (register) {
                ConfigReader.requireNodeCredentials(settings, config);
            }
            GatewayClient client = new GatewayClient(config.gateway(), config.requestTimeout(),
                    ConfigReader.token(settings, io.workingDir(), System.getenv()));
            return switch (command) {
                case REGISTER -> new Registrar(client, io.out()).registerAll(config) ? OK : FAILED;
                case INVOKE -> invoke(client, cl.arguments().get(0), Payload.single(config.payload()), io);
                case DEPLOY -> new faastestbed.client.deploy.Deployer(client, io.out(), io.err(),
                        java.time.Duration.ofMillis(500)).deploy(io.workingDir().resolve(cl.arguments().get(0)), cl.deploy());
                default -> new ExperimentRunner(config, WorkloadPlan.build(config.workload(), config.functions()),
                        Payload.of(config.payload(), config.workload().seed()), client, io).run();
            };
        } catch (BadInputException e) {
            io.err().println("error: " + e.getMessage());
            io.err().println(ClientCli.hint(e instanceof ClientCli.BadCommandLineException b ? b.command() : command));
            return BAD_INPUT;
        } catch (GatewayUnreachableException e) {
            io.err().println("error: " + e.getMessage());
            return UNREACHABLE;
        } catch (IOException e) {
            io.err().println("error: request to the gateway failed: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            io.err().println("error: interrupted");
            return FAILED;
        }
    }

    private static int invoke(GatewayClient client, String function, Payload payload, Io io) throws IOException, InterruptedException {
        ApiResponse r = client.invoke(function, payload.bytes());
        io.out().println(r.body().isMissingNode() ? r.raw() : GatewayClient.pretty(r.body()));
        boolean ok = r.status() == 200 && "ok".equals(r.body().path("status").asText());
        if (!ok) {
            io.err().println("invocation not ok: HTTP " + r.status() + (r.body().has("status") ? ", status " + r.body().path("status").asText() : ""));
        }
        return ok ? OK : FAILED;
    }
}
