package dev.tandem.cli.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A real editing trace (../shared/traces/README.md): gzip of one JSON object, either sequential
 * ({@code startContent}, {@code endContent}, {@code txns} of {@code patches}) or concurrent ({@code kind:"concurrent"},
 * {@code numAgents}, and per transaction {@code parents} and {@code agent}). Read with Jackson's streaming parser.
 *
 * @param name         the file name without {@code .json.gz}
 * @param concurrent   true for a concurrent trace
 * @param numAgents    agents of a concurrent trace (1 for a sequential one)
 * @param startContent the text before the first transaction
 * @param endContent   the text after the last
 * @param txns         the transactions in order
 */
public record Trace(String name, boolean concurrent, int numAgents, String startContent, String endContent, List<Txn> txns) {

    /** A splice: {@code doc = doc[0:pos] + ins + doc[pos+del:]} (positions in code points = chars, see the README). */
    public record Patch(int pos, int del, String ins) {
        public Patch {
            if (pos < 0 || del < 0) throw new IllegalArgumentException("negative position or count: [" + pos + ", " + del + "]");
        }
    }

    /** One transaction: its patches in order, and for concurrent traces its parents and agent. */
    public record Txn(int[] parents, int agent, List<Patch> patches) {}

    /** A trace file that cannot be read or does not follow the format. */
    public static final class TraceException extends Exception {
        private static final long serialVersionUID = 1L;

        TraceException(String message) { super(message); }

        TraceException(String message, Throwable cause) { super(message, cause); }
    }

    public int patchCount() {
        int n = 0;
        for (Txn t : txns) n += t.patches().size();
        return n;
    }

    public static Trace load(Path file) throws TraceException {
        String name = file.getFileName().toString().replaceFirst("\\.json\\.gz$", "").replaceFirst("\\.json$", "");
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             JsonParser p = new JsonFactory().createParser(in)) {
            return parse(name, p);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TraceException("no such trace file: " + file, e);
        } catch (IOException e) {
            throw new TraceException("cannot read trace " + file + ": " + e.getMessage(), e);
        }
    }

    private static Trace parse(String name, JsonParser p) throws IOException, TraceException {
        if (p.nextToken() != JsonToken.START_OBJECT) throw new TraceException(name + ": a trace must be a JSON object");
        String start = "";
        String end = null;
        boolean concurrent = false;
        int agents = 1;
        List<Txn> txns = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "startContent" -> start = text(p, name, field);
                case "endContent" -> end = text(p, name, field);
                case "kind" -> concurrent = "concurrent".equals(text(p, name, field));
                case "numAgents" -> agents = p.getIntValue();
                case "txns" -> txns = txns(p, name);
                default -> p.skipChildren();
            }
        }
        if (end == null) throw new TraceException(name + ": no endContent");
        if (txns == null) throw new TraceException(name + ": no txns");
        if (concurrent) {
            for (int i = 0; i < txns.size(); i++) {
                Txn t = txns.get(i);
                if (t.agent() < 0 || t.agent() >= agents) throw new TraceException(name + ": txn " + i + " has agent " + t.agent() + " of " + agents);
                for (int q : t.parents()) {
                    if (q < 0 || q >= i) throw new TraceException(name + ": txn " + i + " has parent " + q + " (parents must come earlier)");
                }
            }
        }
        return new Trace(name, concurrent, concurrent ? agents : 1, start, end, txns);
    }

    private static String text(JsonParser p, String name, String field) throws IOException, TraceException {
        if (p.currentToken() != JsonToken.VALUE_STRING) throw new TraceException(name + ": " + field + " must be a string");
        return p.getText();
    }

    private static List<Txn> txns(JsonParser p, String name) throws IOException, TraceException {
        if (p.currentToken() != JsonToken.START_ARRAY) throw new TraceException(name + ": txns must be an array");
        List<Txn> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            int[] parents = new int[0];
            int agent = 0;
            List<Patch> patches = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "patches" -> patches = patches(p, name, out.size());
                    case "parents" -> parents = ints(p, name, out.size());
                    case "agent" -> agent = p.getIntValue();
                    default -> p.skipChildren();
                }
            }
            out.add(new Txn(parents, agent, patches));
        }
        return out;
    }

    private static int[] ints(JsonParser p, String name, int txn) throws IOException, TraceException {
        if (p.currentToken() != JsonToken.START_ARRAY) throw new TraceException(name + ": txn " + txn + ": parents must be an array");
        List<Integer> list = new ArrayList<>(2);
        while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) list.add(p.getIntValue());
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) a[i] = list.get(i);
        return a;
    }

    private static List<Patch> patches(JsonParser p, String name, int txn) throws IOException, TraceException {
        if (p.currentToken() != JsonToken.START_ARRAY) throw new TraceException(name + ": txn " + txn + ": patches must be an array");
        List<Patch> out = new ArrayList<>(1);
        while (p.nextToken() == JsonToken.START_ARRAY) {
            if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) throw new TraceException(name + ": txn " + txn + ": a patch is [pos, del, \"ins\"]");
            int pos = p.getIntValue();
            if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) throw new TraceException(name + ": txn " + txn + ": a patch is [pos, del, \"ins\"]");
            int del = p.getIntValue();
            if (p.nextToken() != JsonToken.VALUE_STRING) throw new TraceException(name + ": txn " + txn + ": a patch is [pos, del, \"ins\"]");
            String ins = p.getText();
            if (p.nextToken() != JsonToken.END_ARRAY) throw new TraceException(name + ": txn " + txn + ": a patch has three elements");
            if (pos < 0 || del < 0) throw new TraceException(name + ": txn " + txn + ": negative position or count [" + pos + ", " + del + "]");
            out.add(new Patch(pos, del, ins));
        }
        return out;
    }
}
