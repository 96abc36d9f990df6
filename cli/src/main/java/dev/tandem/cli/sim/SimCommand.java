package dev.tandem.cli.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code ./tandem sim}: clients and a hub over a faulty in-process network; one JSON line out. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Run N clients and a hub of one document over an in-process network that drops, duplicates, "
                + "reorders and delays messages, cuts links and restarts sides from their stores; then heal and sync to "
                + "quiescence. Prints one JSON line; exits 0 only if converged without silent losses.",
                "With --meta: N clients change documents' metadata (create, rename, tag, pin, move, delete, restore) offline "
                + "and online with clocks skewed up to --skew ms, over the same faulty network, and the run checks that every "
                + "store ends with the same fields and that no write was lost; exits 0 only then.",
                "The same options and seed give the same run."})
public final class SimCommand implements Callable<Integer> {

    /** Exit status of a run that did not converge or lost data. */
    public static final int FAILED = 1;

    @Option(names = "--clients", defaultValue = "3", description = "number of clients (default ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--edits", defaultValue = "100", description = "edits each client types (default ${DEFAULT-VALUE})")
    int edits;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the run (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--drop", defaultValue = "0", description = "chance a message is lost")
    double drop;

    @Option(names = "--dup", defaultValue = "0", description = "chance a message is delivered twice")
    double dup;

    @Option(names = "--reorder", defaultValue = "0", description = "chance a message is held back and overtaken")
    double reorder;

    @Option(names = "--disconnect", defaultValue = "0", description = "chance per typed edit that the client's link is cut for a while")
    double disconnect;

    @Option(names = "--restart", defaultValue = "0", description = "chance per typed edit that a side (this client or the hub) restarts from its store")
    double restart;

    @Option(names = "--store", defaultValue = "memory",
            description = "where sides keep their state across restarts: memory (committed journals kept in memory) "
                    + "or sqlite (one SQLite file per side in a temp folder)")
    String store;

    @Option(names = "--runs", defaultValue = "1",
            description = "run this many seeds, from --seed on, one JSON line each; exit 0 only if all pass (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--meta", description = "simulate the documents' metadata (per-field last writer wins) instead of a text")
    boolean meta;

    @Option(names = "--skew", defaultValue = "3600000",
            description = "with --meta: each client's clock is off by up to this many ms, ahead or behind (default ${DEFAULT-VALUE}: an hour)")
    long skew;

    @Option(names = "--verbose", description = "on failure, also print the lost markers to stderr (and which of them are only in pieces in conflict records)")
    boolean verbose;

    @Option(names = "--events", description = "print every event (typing, restarts, messages with their splices and "
            + "conflicts, markers vanishing from every text and record) to stderr: slow, for diagnosing a failing seed")
    boolean events;

    @Override
    public Integer call() throws StoreException {
        if (meta) return callMeta();
        SimConfig config;
        try {
            config = new SimConfig(clients, edits, seed, drop, dup, reorder, disconnect, restart);
        } catch (IllegalArgumentException e) {
            System.err.println("tandem sim: " + e.getMessage());
            return dev.tandem.cli.TandemCli.BAD_INPUT;
        }
        if (!store.equals("memory") && !store.equals("sqlite")) {
            System.err.println("tandem sim: --store must be memory or sqlite, not '" + store + "'");
            return dev.tandem.cli.TandemCli.BAD_INPUT;
        }
        if (runs < 1) {
            System.err.println("tandem sim: --runs must be at least 1");
            return dev.tandem.cli.TandemCli.BAD_INPUT;
        }
        int failed = 0;
        for (int i = 0; i < runs; i++) {
            SimConfig c = new SimConfig(clients, edits, seed + i, drop, dup, reorder, disconnect, restart);
            if (runOne(c) != 0) failed++;
        }
        if (runs > 1) System.err.println("sim: " + (runs - failed) + " of " + runs + " seeds passed");
        return failed == 0 ? 0 : FAILED;
    }

    private int runOne(SimConfig config) throws StoreException {
        NodeStorage storage = store.equals("sqlite") ? new SqliteNodeStorage() : new InMemoryNodeStorage();
        SimResult r;
        try (storage) {
            Simulation sim = new Simulation(config, storage);
            if (events) sim.watch(System.err::println);
            r = sim.run();
        }
        System.out.println(toJson(r));
        if (!r.ok()) {
            System.err.println("sim failed: replay with " + config.commandLine()
                    + (store.equals("memory") ? "" : " --store " + store));
            if (verbose) {
                System.err.println("lost markers: " + r.lostMarkers());
                System.err.println("of which pieces remain (in the text or in conflict records): " + r.fragmented());
            }
            return FAILED;
        }
        return 0;
    }

    private int callMeta() {
        if (runs < 1) {
            System.err.println("tandem sim: --runs must be at least 1");
            return dev.tandem.cli.TandemCli.BAD_INPUT;
        }
        try {
            new MetaSimConfig(clients, edits, seed, drop, dup, reorder, disconnect, restart, skew);
        } catch (IllegalArgumentException e) {
            System.err.println("tandem sim: " + e.getMessage());
            return dev.tandem.cli.TandemCli.BAD_INPUT;
        }
        int failed = 0;
        for (int i = 0; i < runs; i++) {
            MetaSimConfig c = new MetaSimConfig(clients, edits, seed + i, drop, dup, reorder, disconnect, restart, skew);
            MetaSimulation.Result r = new MetaSimulation(c).run();
            System.out.println(toJson(r));
            if (!r.ok()) {
                failed++;
                System.err.println("sim failed: replay with " + c.commandLine());
            }
        }
        if (runs > 1) System.err.println("sim: " + (runs - failed) + " of " + runs + " seeds passed");
        return failed == 0 ? 0 : FAILED;
    }

    static String toJson(MetaSimulation.Result r) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("converged", r.converged());
        n.put("lostWrites", r.lostWrites());
        n.put("clients", r.clients());
        n.put("documents", r.documents());
        n.put("writes", r.writes());
        n.put("messages", r.messages());
        n.put("restarts", r.restarts());
        n.put("outages", r.outages());
        n.put("virtualMs", r.virtualMillis());
        n.put("seed", r.seed());
        return n.toString();
    }

    static String toJson(SimResult r) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode n = mapper.createObjectNode();
        n.put("converged", r.converged());
        n.put("silentLosses", r.silentLosses());
        n.put("conflicts", r.conflicts());
        n.put("recoveries", r.recoveries());
        n.put("finalLength", r.finalLength());
        n.put("messages", r.messages());
        n.put("seed", r.seed());
        return n.toString();
    }
}
