package dev.tandem.cli.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.cli.TandemCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./tandem replay}: a real editing trace through client -> hub -> observers; one JSON line out. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay an editing trace (../shared/traces, see its README) through client -> hub -> observer "
                + "clients with a sync cycle after every transaction. Prints one JSON line; exits 0 when a sequential "
                + "trace matches endContent exactly, or a concurrent one converges at distance 0."})
public final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--trace", required = true, description = "the trace file (.json.gz)")
    Path trace;

    @Option(names = "--authors", defaultValue = "1", description = "sequential traces: authors taking turns (default ${DEFAULT-VALUE})")
    int authors;

    @Option(names = "--turn", defaultValue = "1000", description = "sequential traces: transactions per author's turn (default ${DEFAULT-VALUE})")
    int turn;

    @Option(names = "--store", defaultValue = "memory",
            description = "memory (no persistence), sqlite (each side in its own SQLite file, committed before it sends) "
                    + "or sqlite-group (the same files with group commit: a side sends first, acknowledges only what it "
                    + "has committed, and commits once per 64 steps; decision 0013)")
    String store;

    @Option(names = "--repeat", defaultValue = "1",
            description = "replay this many times in one JVM; \"ms\" is then the median and \"runsMs\" lists every run "
                    + "(the first includes the JIT's warm-up) (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--cycle-every", defaultValue = "1",
            description = "sequential traces: a sync cycle after every N transactions instead of after each (default ${DEFAULT-VALUE})")
    int cycleEvery;

    @Override
    public Integer call() {
        if (repeat < 1) {
            System.err.println("tandem replay: --repeat must be at least 1");
            return TandemCli.BAD_INPUT;
        }
        switch (store) {
            case "memory" -> { }
            case "sqlite", "sqlite-group" -> { }
            default -> {
                System.err.println("tandem replay: --store must be memory, sqlite or sqlite-group, not '" + store + "'");
                return TandemCli.BAD_INPUT;
            }
        }
        Trace t;
        try {
            t = Trace.load(trace);
        } catch (Trace.TraceException e) {
            System.err.println("tandem replay: " + e.getMessage());
            return TandemCli.BAD_INPUT;
        }
        ReplayResult r;
        long[] runs = new long[repeat];
        try {
            r = null;
            for (int i = 0; i < repeat; i++) {
                r = Replayer.replay(t, authors, turn, store.startsWith("sqlite"), store.equals("sqlite-group"), cycleEvery);
                runs[i] = r.ms();
            }
        } catch (IllegalArgumentException e) {
            System.err.println("tandem replay: " + e.getMessage());
            return TandemCli.BAD_INPUT;
        }
        ObjectNode json = toJsonNode(r);
        json.put("cycleEvery", t.concurrent() ? 1 : cycleEvery);
        if (repeat > 1) {
            long[] sorted = runs.clone();
            java.util.Arrays.sort(sorted);
            json.put("ms", sorted[repeat / 2]);
            var list = json.putArray("runsMs");
            for (long ms : runs) list.add(ms);
        }
        if (!t.concurrent()) json.put("plainMs", Replayer.plainMillis(t));
        System.out.println(json);
        boolean ok = t.concurrent() ? r.converged() && r.distance() == 0 : r.matches();
        return ok ? 0 : 1;
    }

    static String toJson(ReplayResult r) {
        return toJsonNode(r).toString();
    }

    private static ObjectNode toJsonNode(ReplayResult r) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("trace", r.trace());
        n.put("edits", r.edits());
        n.put("matches", r.matches());
        n.put("distance", r.distance());
        n.put("ms", r.ms());
        n.put("wireBytes", r.wireBytes());
        n.put("payloadBytes", r.payloadBytes());
        n.put("converged", r.converged());
        n.put("messages", r.messages());
        n.put("conflicts", r.conflicts());
        n.put("resets", r.resets());
        n.put("unplaced", r.unplaced());
        return n;
    }
}
