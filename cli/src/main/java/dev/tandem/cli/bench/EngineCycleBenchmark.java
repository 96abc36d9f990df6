package dev.tandem.cli.bench;

import dev.tandem.engine.protocol.Message;
import dev.tandem.engine.protocol.MessageCodec;
import dev.tandem.engine.sync.ClientDocument;
import dev.tandem.engine.sync.DocumentJournal;
import dev.tandem.engine.sync.DocumentSnapshot;
import dev.tandem.engine.sync.EngineLimits;
import dev.tandem.engine.sync.HubDocument;
import dev.tandem.engine.sync.TextSplice;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One sync cycle as the product runs it, through the engine's own classes, in memory ({@link DocumentJournal#NONE}):
 * client A makes an edit of the {@link TextGrid} in its {@link ClientDocument}, starts an exchange (the delta comes
 * from the edit's splices, shadow checksum kept incrementally), the message is encoded to its wire form and decoded,
 * the {@link HubDocument} applies it exactly to A's view and places it in the server text — which another client, B,
 * has changed since on both sides of A's edit, so the hunks are located fuzzily in a window ({@code HunkPlacer}) —
 * then diffs the server text against A's view (only where they diverge) and replies with B's change, which A applies.
 * The score is that whole round trip, per cycle; issue #8's target is at most 5 ms for a one-character edit in a 10 MB
 * document.
 *
 * <p>B's change is made and synced before each call, outside the measured time ({@link Level#Invocation}): it types
 * over three letters at a fifth and at four fifths of the text, alternately upper and lower case, so that no position
 * moves. A's edit alternates with its undo, so that every call sees the same document size.
 *
 * <p>Run: {@code ./tandem bench --only text}, or by hand
 * {@code java -cp cli/target/tandem-cli-0.1.0-SNAPSHOT.jar:$(cat cli/target/classpath.txt) org.openjdk.jmh.Main EngineCycleBenchmark -p size=10MB -p scenario=oneChar}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineCycleBenchmark {

    @Param({"1KB", "100KB", "1MB", "10MB"})
    public String size;

    @Param({"oneChar", "paste", "scattered", "unrelated"})
    public String scenario;

    private final AtomicLong clock = new AtomicLong(1);
    private final AtomicLong ids = new AtomicLong();
    private HubDocument hub;
    private ClientDocument a;
    private ClientDocument b;
    private TextGrid.Scenario edits;
    private boolean there = true;
    /** B's three letters, typed at these positions, alternately upper and lower case. */
    private int[] concurrentAt;
    private boolean upper = true;
    /** Conflicts (rejected hunks) the hub and A recorded while measuring: what the product kept for the user. */
    int conflicts;
    /** The largest message either side sent, in bytes of its wire form. */
    int largestMessageBytes;

    @Setup(Level.Trial)
    public void setUp() {
        String doc = TextGrid.document(size);
        edits = TextGrid.scenario(scenario, doc);
        hub = HubDocument.open("d", Optional.of(new DocumentSnapshot("d", doc, List.of(), List.of())),
                DocumentJournal.NONE, EngineLimits.DEFAULTS, clock::get, this::id);
        a = client();
        b = client();
        join(a, "a");
        join(b, "b");
        // Three ASCII letters in both the document and (for "unrelated") the text A replaces it with: B's typing
        // over them never splits a surrogate pair, whichever of the two texts is current.
        String other = edits.after();
        int n = doc.length();
        concurrentAt = new int[] {asciiRun(doc, other, n / 5), asciiRun(doc, other, 4 * n / 5)};
    }

    private String id() { return "c" + ids.incrementAndGet(); }

    private ClientDocument client() {
        return ClientDocument.open("d", Optional.empty(), DocumentJournal.NONE, EngineLimits.DEFAULTS,
                clock::incrementAndGet, this::id);
    }

    private void join(ClientDocument c, String name) {
        Message hello = c.startExchange(true).orElseThrow();
        Message reset = hub.receive(name, hello).reply().orElseThrow();
        Optional<Message> m = c.receive(reset).reply();
        for (int i = 0; i < 10 && m.isPresent(); i++) m = c.receive(hub.receive(name, m.get()).reply().orElseThrow()).reply();
    }

    private static int asciiRun(String x, String y, int near) {
        for (int at = near; at + 3 < x.length(); at++) {
            boolean ok = true;
            for (int j = 0; j < 3 && ok; j++) {
                ok = isAsciiLetter(x.charAt(at + j)) && (at + j >= y.length() || isAsciiLetter(y.charAt(at + j)));
            }
            if (ok) return at;
        }
        throw new IllegalStateException("no three ASCII letters after " + near);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** B types over its letters and syncs with the hub until it has nothing more to say (not measured). */
    @Setup(Level.Invocation)
    public void otherWriterTypes() {
        String letters = upper ? "ZQX" : "zqx";
        upper = !upper;
        for (int at : concurrentAt) b.edit(at, 3, letters);
        Optional<Message> m = b.startExchange(true);
        for (int i = 0; i < 10 && m.isPresent(); i++) m = b.receive(hub.receive("b", m.get()).reply().orElseThrow()).reply();
    }

    /** A's edit, one exchange with the hub over the wire form, the reply applied: one cycle. */
    @Benchmark
    public Object cycle() {
        TextGrid.Change change = there ? edits.there() : edits.back();
        there = !there;
        if (edits.replacesAll()) {
            // Select all and paste: all of A's text, whatever the hub merged into it from B since.
            a.edit(0, a.length(), change.splices().get(0).inserted());
        } else {
            for (TextSplice s : change.splices()) a.edit(s.pos(), s.deleted(), s.inserted());
        }
        Message sent = MessageCodec.decode(wire(a.startExchange(false).orElseThrow()));
        HubDocument.Step atHub = hub.receive("a", sent);
        Message reply = MessageCodec.decode(wire(atHub.reply().orElseThrow()));
        ClientDocument.Step atA = a.receive(reply);
        conflicts += atHub.newConflicts().size() + atA.newConflicts().size();
        // A follow-up (A typed nothing meanwhile, so normally none) belongs to this cycle too.
        for (Optional<Message> next = atA.reply(); next.isPresent(); ) {
            HubDocument.Step s = hub.receive("a", next.get());
            conflicts += s.newConflicts().size();
            ClientDocument.Step t = a.receive(s.reply().orElseThrow());
            conflicts += t.newConflicts().size();
            next = t.reply();
        }
        return atA;
    }

    /** The message's wire form (UTF-8 JSON), its size noted. */
    private byte[] wire(Message m) {
        byte[] bytes = MessageCodec.encode(m);
        largestMessageBytes = Math.max(largestMessageBytes, bytes.length);
        return bytes;
    }

    // For the bench's facts pass (outside JMH): what one cycle did.
    int textLength() { return a.length(); }
    boolean converged() { return a.text().equals(hub.text()); }
}
