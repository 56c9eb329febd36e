package faastestbed.client.cli;

import faastestbed.client.config.BadInputException;
import faastestbed.client.config.ConfigReader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientCliTest {
    private static final ClientCli CLI = new ClientCli(ConfigReader.builtInDefaults());

    /** Every flag that sets a configuration key, with the key; start.sh, the scripts and README.md use these names. */
    static final Map<String, String> KEY_FLAGS = Map.ofEntries(
            Map.entry("--gateway", "gateway.url"), Map.entry("--functions", "functions"),
            Map.entry("--policies", "policies"), Map.entry("--modes", "modes"), Map.entry("--keep-alives", "keep-alives"),
            Map.entry("--paths", "paths"), Map.entry("--prepared-nodes", "prepared.nodes"),
            Map.entry("--payload", "payload.file"), Map.entry("--payload-sizes", "payload.sizes"),
            Map.entry("--workload", "workload"), Map.entry("--cycles", "cycles"), Map.entry("--concurrency", "concurrency"),
            Map.entry("--rate", "poisson.rate"), Map.entry("--duration", "poisson.duration"),
            Map.entry("--count", "poisson.count"), Map.entry("--pick", "poisson.pick"), Map.entry("--trace", "trace.file"),
            Map.entry("--time-compression", "trace.time-compression"), Map.entry("--trace-minutes", "trace.minutes"),
            Map.entry("--seed", "seed"), Map.entry("--run-id", "run.id"));

    private static ParsedArgs parse(String... args) throws BadInputException {
        return CLI.parse(args);
    }

    private static String error(String... args) {
        return assertThrows(BadInputException.class, () -> CLI.parse(args)).getMessage();
    }

    private static ParsedArgs.Override override(String key, String value, String flag) {
        return new ParsedArgs.Override(key, value, flag);
    }

    @Test
    void runIsTheDefault() throws Exception {
        ParsedArgs cl = parse();
        assertEquals(Command.RUN, cl.command());
        assertTrue(cl.overrides().isEmpty());
        assertEquals(null, cl.configFile());
        assertTrue(!cl.noProgress() && !cl.noRegister());
        assertEquals(Command.RUN, parse("--cycles", "1").command());
        assertEquals(Command.REGISTER, parse("REGISTER").command(), "commands ignore case, as before");
    }

    @Test
    void flagsBecomeKeyOverridesInBothForms() throws Exception {
        ParsedArgs cl = parse("--cycles", "5", "run", "--modes=cold,warmed", "--no-progress",
                "--config", "x.properties", "--no-register");
        assertEquals(Command.RUN, cl.command());
        assertEquals(List.of(override("cycles", "5", "--cycles"), override("modes", "cold,warmed", "--modes")), cl.overrides());
        assertEquals("x.properties", cl.configFile());
        assertTrue(cl.noProgress() && cl.noRegister());
    }

    @Test
    void everyKeyFlagTakesItsValueInBothForms() throws Exception {
        for (var e : KEY_FLAGS.entrySet()) {
            String flag = e.getKey();
            assertTrue(ConfigReader.isKnownKey(e.getValue()), e.getValue());
            List<ParsedArgs.Override> expected = List.of(override(e.getValue(), "v-1", flag));
            assertEquals(expected, parse(flag, "v-1").overrides(), flag + " VALUE");
            assertEquals(expected, parse(flag + "=v-1").overrides(), flag + "=VALUE");
            assertEquals(expected, parse("run", flag + "=v-1").overrides(), "run " + flag + "=VALUE");
        }
        assertEquals("c.properties", parse("--config=c.properties").configFile());
        assertEquals("c.properties", parse("invoke", "f", "--config", "c.properties").configFile());
    }

    @Test
    void valuesAreTakenAsTheyAre() throws Exception {
        assertEquals(List.of(override("seed", "-5", "--seed")), parse("--seed", "-5").overrides(), "a negative number is a value");
        assertEquals(List.of(override("run.id", "register", "--run-id")), parse("--run-id", "register").overrides(),
                "a command name is a value after a flag");
        assertEquals(List.of(override("payload.file", "@args.txt", "--payload")), parse("--payload", "@args.txt").overrides(),
                "no argument files");
        assertEquals(List.of(override("gateway.url", "", "--gateway")), parse("--gateway=").overrides(),
                "an empty value is for the configuration to judge");
    }

    @Test
    void theLastOfARepeatedFlagCounts() throws Exception {
        List<ParsedArgs.Override> overrides = parse("--cycles", "1", "run", "--cycles", "2").overrides();
        assertEquals("2", overrides.get(overrides.size() - 1).value());
        assertEquals(List.of(override("cycles", "3", "--cycles")), parse("--cycles", "1", "--cycles=3").overrides());
    }

    @Test
    void pathAndPayloadFlagsOverrideTheirKeys() throws Exception {
        ParsedArgs cl = parse("--paths", "handler,exec", "--payload-sizes=0,1K", "--payload", "p.bin");
        assertEquals(List.of(override("paths", "handler,exec", "--paths"), override("payload.sizes", "0,1K", "--payload-sizes"),
                override("payload.file", "p.bin", "--payload")), cl.overrides());
        assertEquals(List.of(override("payload.file", "p.bin", "--payload")), parse("invoke", "echo", "--payload", "p.bin").overrides());
    }

    @Test
    void keepAlivesKeepTheirColons() throws Exception {
        assertEquals(List.of(override("keep-alives", "lru,fixed-ttl:30s", "--keep-alives")),
                parse("--keep-alives", "lru,fixed-ttl:30s").overrides());
        assertEquals(List.of(override("keep-alives", "fixed-ttl:1m=x", "--keep-alives")),
                parse("--keep-alives=fixed-ttl:1m=x").overrides(), "split at the first '=' only");
        assertEquals("--keep-alives is not an option of 'register'", error("register", "--keep-alives", "lru"));
        assertEquals("--keep-alives needs a value (A,B)", error("--keep-alives"));
    }

    @Test
    void theCommandLineOfStartShParses() throws Exception {
        ParsedArgs cl = parse("run", "--config", "workload.properties", "--gateway", "http://127.0.0.1:8000",
                "--policies", "round-robin,least-used", "--modes", "dynamic", "--keep-alives", "none,fixed-ttl:5s",
                "--paths", "handler", "--functions", "echo,noop", "--payload", "request.bin", "--payload-sizes", "0,1K",
                "--cycles", "1", "--concurrency", "10", "--workload", "trace",
                "--trace-minutes", "481-720", "--time-compression", "120", "--seed", "7");
        assertEquals(Command.RUN, cl.command());
        assertEquals("workload.properties", cl.configFile());
        assertEquals(List.of("gateway.url", "policies", "modes", "keep-alives", "paths", "functions", "payload.file",
                "payload.sizes", "cycles", "concurrency", "workload", "trace.minutes", "trace.time-compression", "seed"),
                cl.overrides().stream().map(ParsedArgs.Override::key).toList());
    }

    @Test
    void invokeTakesOneFunction() throws Exception {
        ParsedArgs cl = parse("invoke", "fib-native", "--gateway", "http://h:1");
        assertEquals(Command.INVOKE, cl.command());
        assertEquals(List.of("fib-native"), cl.arguments());
        assertEquals(List.of(override("gateway.url", "http://h:1", "--gateway")), cl.overrides());
        assertEquals(List.of("f"), parse("--gateway", "http://h:1", "invoke", "f").arguments(), "flags before the command");
        assertEquals("invoke needs a FUNCTION name", error("invoke"));
        assertEquals("invoke needs a FUNCTION name", error("invoke", "--gateway", "http://h:1"));
        assertTrue(error("invoke", "a", "b").startsWith("invoke takes one FUNCTION"));
        assertEquals("unknown flag --bogus", error("invoke", "--bogus"), "what is wrong before what is missing");
    }

    @Test
    void helpWinsOverEverythingElse() throws Exception {
        assertEquals(new ParsedArgs(Command.HELP, List.of("invoke"), List.of(), null, false, false), parse("invoke", "--help"));
        assertEquals(List.of(), parse("-h").arguments(), "the general help");
        assertEquals(List.of(), parse("--cycles", "3", "--help").arguments());
        assertEquals(List.of("register"), parse("--help", "register").arguments());
        assertEquals(List.of("register"), parse("--keep-alives", "lru", "register", "-h").arguments());
        assertEquals(List.of("register"), parse("register", "--keep-alives", "lru", "--help").arguments());
        assertEquals(Command.HELP, parse("help", "run").command());
        assertEquals(List.of("run"), parse("help", "run").arguments());
        assertEquals(List.of(), parse("help").arguments());
        assertEquals(List.of("help"), parse("help", "help").arguments());
    }

    @Test
    void badCommandLines() {
        assertEquals("unknown flag --bogus", error("--bogus"));
        assertEquals("unknown flag -x", error("-x"));
        assertEquals("unknown flag --cycle (did you mean --cycles?)", error("--cycle", "3"));
        assertEquals("--cycles needs a value (N)", error("--cycles"));
        assertEquals("--cycles needs a value (N)", error("--cycles", "--no-progress"), "a flag is not a value");
        assertEquals("--gateway needs a value (URL)", error("invoke", "f", "--gateway"));
        assertEquals("option '--no-progress' should be specified without 'yes' parameter", error("--no-progress=yes"));
        assertEquals("option '--help' should be specified without 'x' parameter", error("--help=x"));
        assertTrue(error("launch").startsWith("unknown command 'launch'"));
        assertEquals("--cycles is not an option of 'invoke'", error("invoke", "f", "--cycles", "3"));
        assertEquals("--cycles is not an option of 'invoke'", error("--cycles", "3", "invoke", "f"));
        assertEquals("--modes is not an option of 'register'", error("register", "--modes", "cold"));
        assertEquals("--paths is not an option of 'register'", error("register", "--paths", "exec"));
        assertEquals("--payload is not an option of 'register'", error("register", "--payload", "p.bin"));
        assertEquals("--no-register is not an option of 'register'", error("--no-register", "register"));
        assertEquals("--payload-sizes needs a value (0,1K,1M)", error("--payload-sizes"));
        assertEquals("unexpected argument 'extra' for 'run'", error("run", "extra"));
        assertTrue(error("help", "nothing").startsWith("help takes one command name"));
        assertTrue(error("help", "run", "invoke").startsWith("help takes one command name"));
    }

    @Test
    void errorsPointToTheHelpOfTheirCommand() {
        Command command = assertThrows(ClientCli.BadCommandLineException.class,
                () -> CLI.parse("register", "--cycles", "1")).command();
        assertEquals(Command.REGISTER, command);
        assertEquals("Run 'java -jar client/target/client.jar register --help' for usage.", ClientCli.hint(command));
        assertEquals(null, assertThrows(ClientCli.BadCommandLineException.class, () -> CLI.parse("--bogus")).command());
        assertEquals("Run 'java -jar client/target/client.jar --help' for usage.", ClientCli.hint(null));
    }

    @Test
    void helpListsEachCommandsFlagsWithTheirDefaults() {
        String run = CLI.usage(Command.RUN);
        List<String> missing = new ArrayList<>();
        for (var e : KEY_FLAGS.entrySet()) {
            if (!run.contains(e.getKey() + " ") || !run.contains("[" + e.getValue())) {
                missing.add(e.getKey());
            }
        }
        for (String flag : List.of("--config FILE", "--no-register", "--no-progress", "-h, --help")) {
            if (!run.contains(flag)) {
                missing.add(flag);
            }
        }
        assertEquals(List.of(), missing, run);
        assertTrue(run.contains("--cycles N") && run.contains("[cycles=10]") && run.contains("[run.id]"), run);
        String invoke = CLI.usage(Command.INVOKE);
        assertTrue(invoke.contains("--gateway URL") && invoke.contains("--payload FILE") && !invoke.contains("--cycles"), invoke);
        assertTrue(invoke.contains("FUNCTION"), invoke);
        assertEquals(CLI.usage(null), CLI.usage(Command.HELP));
    }
}
