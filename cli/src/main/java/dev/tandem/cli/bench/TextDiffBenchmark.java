package dev.tandem.cli.bench;

import dev.tandem.engine.text.Delta;
import dev.tandem.engine.text.Diff;
import dev.tandem.engine.text.TextDiff;
import dev.tandem.engine.text.TrackedText;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The text layer's cost per sync cycle, for the targets of issue "[1 of 8] text layer": (a) a one-letter edit in a
 * 1 MB text, diffed and turned into a delta the way the engine does it (≤ 1 ms); (b) two unrelated 20 KB texts, which
 * must stay bounded (≤ 50 ms); (c) a 1 MB paste into a 10 KB text. Run them with {@code ./tandem bench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TextDiffBenchmark {

    /** A 1 MB text and a copy with one letter changed in its middle; a tracked shadow of whichever is current. */
    @State(Scope.Thread)
    public static class OneLetterEdit {
        String current;
        String next;
        TrackedText shadow;

        @Setup
        public void setUp() {
            current = BenchTexts.prose(1, 1_000_000);
            next = BenchTexts.oneLetterChanged(current, current.length() / 2);
            shadow = new TrackedText(current);
        }
    }

    /**
     * (a) The engine's cycle: diff the shadow's text against the edited text, then splice the diff into the shadow,
     * whose checksum is kept up to date, to get the delta. The edit is undone on the next call, so each call is one
     * cycle on a 1 MB shadow.
     */
    @Benchmark
    public Delta oneLetterEditIn1MbOnTrackedShadow(OneLetterEdit s) {
        List<Diff> diffs = TextDiff.diff(s.current, s.next);
        Delta delta = Delta.applyDiffs(s.shadow, diffs);
        String previous = s.current;
        s.current = s.next;
        s.next = previous;
        return delta;
    }

    /** (a, reference) The same delta from two strings: both checksums computed from scratch, O(text) each. */
    @Benchmark
    public Delta oneLetterEditIn1MbWithDeltaBetween(OneLetterEdit s) {
        return Delta.between(s.current, s.next);
    }

    @State(Scope.Thread)
    public static class Unrelated {
        String a;
        String b;

        @Setup
        public void setUp() {
            a = BenchTexts.prose(2, 20_000);
            b = BenchTexts.prose(3, 20_000);
        }
    }

    /** (b) Two unrelated 20 KB texts: bounded by the diff's edit-distance limit and deadline. */
    @Benchmark
    public List<Diff> unrelated20KbTexts(Unrelated s) {
        return TextDiff.diff(s.a, s.b);
    }

    @State(Scope.Thread)
    public static class Paste {
        String before;
        String after;

        @Setup
        public void setUp() {
            before = BenchTexts.prose(4, 10_000);
            int at = before.indexOf(' ', before.length() / 2) + 1;
            after = before.substring(0, at) + BenchTexts.prose(5, 1_000_000) + before.substring(at);
        }
    }

    /** (c) A 1 MB paste into the middle of a 10 KB text. */
    @Benchmark
    public List<Diff> paste1MbInto10KbText(Paste s) {
        return TextDiff.diff(s.before, s.after);
    }
}
