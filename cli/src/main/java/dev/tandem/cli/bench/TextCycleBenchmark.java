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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One differential-sync cycle on a 100 KB text, as a keystroke-sized edit travels from one side to the other:
 * diff the sender's shadow against its text, record the delta on the sender's shadow and encode it (Fraser's wire
 * form), decode and apply it exactly to the receiver's shadow (length and checksum verified), then fuzzy-patch it onto
 * the receiver's text, which has meanwhile changed elsewhere. Target: at most 0.5 ms per cycle.
 *
 * <p>Each invocation runs the cycle twice, there and back (the edit, then its undo), so that the state stays the same
 * from one invocation to the next; the score is per cycle.
 *
 * <p>Run: {@code mvn -B -ntp -DskipTests package} then
 * {@code java -cp cli/target/tandem-cli-0.1.0-SNAPSHOT.jar:$(cat cli/target/classpath.txt) org.openjdk.jmh.Main TextCycleBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TextCycleBenchmark {

    static final int SIZE = 100_000;

    private String text;         // the sender's text without the edit
    private String typed;        // the sender's text with the edit
    private TrackedText senderShadow;
    private TrackedText receiverShadow;
    private String receiverText; // the receiver's text: changed elsewhere meanwhile
    private final FuzzyPatcher patcher = FuzzyPatcher.withDefaults();

    @Setup
    public void setUp() {
        Random random = new Random(42);
        String[] words = {"the", "sync", "loop", "shadow", "edit", "text", "patch", "hunk", "context", "merge", "a",
                "of", "and", "to", "in", "document", "client", "server", "version", "checksum", "\uD83D\uDE00"};
        StringBuilder sb = new StringBuilder(SIZE + 100);
        while (sb.length() < SIZE) {
            sb.append(words[random.nextInt(words.length)]);
            sb.append(random.nextInt(12) == 0 ? ".\n" : " ");
        }
        text = sb.toString();
        int at = text.indexOf(' ', SIZE / 2) + 1;
        typed = text.substring(0, at) + "quickly " + text.substring(at);
        int elsewhere = text.indexOf(' ', SIZE / 5) + 1;
        receiverText = text.substring(0, elsewhere) + "meanwhile, " + text.substring(elsewhere);
        senderShadow = new TrackedText(text);
        receiverShadow = new TrackedText(text);
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public Object cycle() throws DeltaMismatchException {
        Object there = oneCycle(text, typed);
        Object back = oneCycle(typed, text);
        return there == back ? there : back;
    }

    private Object oneCycle(String from, String to) throws DeltaMismatchException {
        // Sender: diff shadow -> text, record it on the shadow, encode.
        List<Diff> diffs = TextDiff.diff(from, to);
        Delta sent = Delta.applyDiffs(senderShadow, diffs);
        String wire = sent.encodeOps();
        // Receiver: decode, apply exactly to its shadow, then fuzzily to its text.
        Delta received = Delta.decode(wire, sent.baseLength(), sent.baseChecksum(), sent.resultLength(),
                sent.resultChecksum());
        received.applyTo(receiverShadow);
        PatchResult result = patcher.apply(Patch.make(from, diffs), receiverText);
        if (!result.allApplied()) throw new IllegalStateException("benchmark hunk rejected: " + result.hunks());
        receiverText = result.text();
        return result;
    }
}
