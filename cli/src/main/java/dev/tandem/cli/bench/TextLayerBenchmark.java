package dev.tandem.cli.bench;

import dev.tandem.engine.text.Delta;
import dev.tandem.engine.text.DeltaMismatchException;
import dev.tandem.engine.text.Diff;
import dev.tandem.engine.text.FuzzyPatcher;
import dev.tandem.engine.text.Patch;
import dev.tandem.engine.text.PatchResult;
import dev.tandem.engine.text.TextDiff;
import dev.tandem.engine.text.TrackedText;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The text layer's functions on whole documents, as a textbook differential-sync cycle would call them (the engine
 * does not: it follows the edit, see {@link EngineCycleBenchmark}), for every cell of the {@link TextGrid}:
 * <ul>
 *   <li>{@link #sender}: {@link TextDiff#diff} of the shadow's text against the edited text, the diff recorded on the
 *       checksummed shadow as a {@link Delta} ({@link Delta#applyDiffs}) and encoded to Fraser's wire form;</li>
 *   <li>{@link #receiver}: that wire form decoded and applied exactly to the receiver's shadow (length and checksum
 *       verified), then the change made into a {@link Patch} and applied by the {@link FuzzyPatcher} to the receiver's
 *       text, which another writer changed meanwhile ({@link TextGrid#concurrent}).</li>
 * </ul>
 * Each call goes one way, the next one back (the edit, then its undo), so that the state stays the same.
 *
 * <p>Run: {@code ./tandem bench --only text}, or by hand
 * {@code java -cp cli/target/tandem-cli-0.1.0-SNAPSHOT.jar:$(cat cli/target/classpath.txt) org.openjdk.jmh.Main TextLayerBenchmark -p size=10MB}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TextLayerBenchmark {

    @Param({"1KB", "100KB", "1MB", "10MB"})
    public String size;

    @Param({"oneChar", "paste", "scattered", "unrelated"})
    public String scenario;

    private final FuzzyPatcher patcher = FuzzyPatcher.withDefaults();
    /** [0]: the edit (before -> after), [1]: its undo. */
    private final String[] from = new String[2];
    private final String[] to = new String[2];
    private final List<?>[] diffs = new List<?>[2];
    private final String[] wire = new String[2];
    private final Delta[] sent = new Delta[2];
    private TrackedText senderShadow;
    private TrackedText receiverShadow;
    private String receiverText;
    private int senderWay;
    private int receiverWay;
    /** Hunks the patcher rejected while measuring (the receiver's text then keeps its own version there). */
    int rejectedHunks;

    @Setup
    public void setUp() {
        TextGrid.Scenario s = TextGrid.scenario(scenario, TextGrid.document(size));
        from[0] = s.before();
        to[0] = s.after();
        from[1] = to[0];
        to[1] = from[0];
        for (int way = 0; way < 2; way++) {
            List<Diff> d = TextDiff.diff(from[way], to[way]);
            diffs[way] = d;
            sent[way] = Delta.applyDiffs(new TrackedText(from[way]), d);
            wire[way] = sent[way].encodeOps();
        }
        senderShadow = new TrackedText(from[0]);
        receiverShadow = new TrackedText(from[0]);
        receiverText = TextGrid.concurrent(from[0]).applyTo(from[0]);
    }

    /** Diff, delta on the checksummed shadow, wire form. */
    @Benchmark
    public String sender() {
        int way = senderWay;
        senderWay ^= 1;
        List<Diff> d = TextDiff.diff(from[way], to[way]);
        return Delta.applyDiffs(senderShadow, d).encodeOps();
    }

    /** Decode, exact apply to the shadow, fuzzy patch of the text that changed elsewhere. */
    @Benchmark
    @SuppressWarnings("unchecked")
    public PatchResult receiver() throws DeltaMismatchException {
        int way = receiverWay;
        receiverWay ^= 1;
        Delta d = sent[way];
        Delta received = Delta.decode(wire[way], d.baseLength(), d.baseChecksum(), d.resultLength(), d.resultChecksum());
        received.applyTo(receiverShadow);
        PatchResult result = patcher.apply(Patch.make(from[way], (List<Diff>) diffs[way]), receiverText);
        rejectedHunks += result.rejectedCount();
        receiverText = result.text();
        return result;
    }

    // For the bench's facts pass (outside JMH).
    int deltaOps(int way) { return sent[way].ops().size(); }
    int wireChars(int way) { return wire[way].length(); }
    int diffRuns(int way) { return diffs[way].size(); }
}
