package dev.tandem.cli.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/** The lab's results as a text table (one block per scenario) or as one JSON document. */
final class LabTable {

    private LabTable() {}

    private static final String ROW = "%-16s %-9s %10s %9s %12s %8s %9s %9s%n";

    static String text(long seed, List<Scenario> scenarios, List<LabResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("Sync lab, seed ").append(seed)
                .append(": every strategy on the same simulated users and network (virtual time; same seed, same table)\n");
        for (Scenario sc : scenarios) {
            sb.append('\n').append(sc.title()).append(" (").append(sc.id()).append("): ").append(describe(sc)).append('\n');
            sb.append(String.format(Locale.ROOT, ROW, "strategy", "converged", "lost chars", "blocked s",
                    "latency p50", "p95 ms", "sent KB", "conflicts"));
            for (LabResult r : results) {
                if (!r.scenario().equals(sc.id())) continue;
                sb.append(String.format(Locale.ROOT, ROW, r.strategy(), r.converged() ? "yes" : "NO",
                        r.lostChars(), String.format(Locale.ROOT, "%.1f", r.blockedMillis() / 1000.0),
                        ms(r.latencyP50()), ms(r.latencyP95()), r.bytesSent() / 1024, r.conflicts()));
            }
        }
        return sb.toString();
    }

    private static String ms(long v) { return v < 0 ? "-" : Long.toString(v); }

    static String describe(Scenario sc) {
        StringBuilder d = new StringBuilder();
        d.append(sc.clients()).append(" users typing for ").append((sc.typingMillis() - LabRun.TYPING_STARTS) / 1000).append(" s");
        d.append(", messages ").append(sc.latency().min()).append('-').append(sc.latency().max()).append(" ms late");
        if (sc.faults().drop() > 0) {
            d.append(String.format(Locale.ROOT, ", %.0f%% dropped, %.0f%% duplicated, %.0f%% reordered, connections drop now and then",
                    sc.faults().drop() * 100, sc.faults().dup() * 100, sc.faults().reorder() * 100));
        }
        sc.focus().ifPresent(p -> d.append(", all in paragraph ").append(p + 1));
        sc.tunnel().ifPresent(t -> d.append(", user c").append(t.client()).append(" offline from their first edit after ")
                .append(t.offlineAt() / 1000).append(" s, app closed at ").append(t.closedAt() / 1000)
                .append(" s, back at ").append(t.reopenedAt() / 1000).append(" s"));
        return d.toString();
    }

    static String json(long seed, List<Scenario> scenarios, List<LabResult> results) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("seed", seed);
        ArrayNode scs = root.putArray("scenarios");
        for (Scenario sc : scenarios) scs.addObject().put("id", sc.id()).put("title", sc.title()).put("description", describe(sc));
        ArrayNode sts = root.putArray("strategies");
        for (Strategy st : Strategy.values()) sts.addObject().put("id", st.id()).put("description", st.description());
        ArrayNode rs = root.putArray("results");
        for (LabResult r : results) {
            rs.addObject().put("scenario", r.scenario()).put("strategy", r.strategy()).put("converged", r.converged())
                    .put("lostChars", r.lostChars()).put("lostEdits", r.lostEdits()).put("blockedMillis", r.blockedMillis())
                    .put("latencyP50Millis", r.latencyP50()).put("latencyP95Millis", r.latencyP95())
                    .put("bytesSent", r.bytesSent()).put("conflicts", r.conflicts()).put("edits", r.edits());
        }
        return root.toString();
    }
}
