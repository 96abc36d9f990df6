package dev.tandem.engine.text;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How much a {@link TextDiff} may spend before it settles for a coarser (still correct) diff.
 *
 * <p>Myers' algorithm explores edit distances d = 0, 1, ... up to the real one, D; java-diff-utils allocates a path node
 * per diagonal per step, so a run costs about D²/2 nodes plus the equal stretches it follows: nothing for the small
 * edits of a sync cycle, seconds for unrelated texts (5 s on two unrelated 20 KB texts). Three bounds keep a diff from
 * stalling its caller: each Myers run is abandoned past {@code maxEditDistance}; a character-level run is only tried
 * on spans of at most {@code maxCharDiffLength} chars (larger spans are first diffed by lines, then by words, so that
 * D counts lines or words); and the whole diff stops refining once {@code timeBudget} has passed on
 * {@code nanoClock}. Every span left unrefined becomes one delete plus one insert.
 *
 * <p>{@code granularity} says what the diff is for. {@link Granularity#WORDS} (the default) is for edits that are sent
 * and patched: semantic clean-up, and edits widened to whole words, so that concurrent edits of one word collide
 * instead of merging into nonsense. {@link Granularity#CHARS} is for measuring and aligning two versions of a text (the
 * fuzzy patcher comparing a hunk with the text it found): the minimal character diff, no clean-up, no widening, so
 * that a respelt word ("colour" / "color") costs the chars that changed, not the whole word, and unchanged chars inside
 * a changed word still count as unchanged.
 *
 * @param timeBudget        wall-clock budget of one diff call, measured on {@code nanoClock}
 * @param nanoClock         nanosecond clock ({@code System::nanoTime}; tests inject a fake one)
 * @param maxCharDiffLength largest span (chars of both sides together) diffed character by character
 * @param maxEditDistance   largest edit distance (in code points, words or lines) one Myers run may explore
 * @param granularity       whole-word edits after semantic clean-up, or minimal character edits
 */
public record DiffOptions(Duration timeBudget, LongSupplier nanoClock, int maxCharDiffLength, int maxEditDistance,
                          Granularity granularity) {

    /** What a diff's edits are made of; see the class comment. */
    public enum Granularity {
        /** Semantic clean-up, then every edit widened to whole words ({@link WordAlignment}). For edits and patches. */
        WORDS,
        /** The minimal character diff (normal form only). For comparing texts, not for edits that get merged. */
        CHARS
    }

    /** Well under the 50 ms one sync cycle may spend on a diff, leaving room for the clean-up passes. */
    public static final Duration DEFAULT_TIME_BUDGET = Duration.ofMillis(30);
    /** Keeps deadline arithmetic on a nanosecond clock far from overflow. */
    public static final Duration MAX_TIME_BUDGET = Duration.ofDays(1);
    /** Two unrelated 1,000-char spans cost about 5 ms of Myers here; longer spans go by lines and words first. */
    public static final int DEFAULT_MAX_CHAR_DIFF_LENGTH = 2_000;
    /** About 5 ms of java-diff-utils' Myers on a 2-core machine; a rewrite of a whole page is still within reach. */
    public static final int DEFAULT_MAX_EDIT_DISTANCE = 1_000;

    /** The defaults, on {@link System#nanoTime()}. */
    public static final DiffOptions DEFAULTS = new DiffOptions(DEFAULT_TIME_BUDGET, System::nanoTime,
            DEFAULT_MAX_CHAR_DIFF_LENGTH, DEFAULT_MAX_EDIT_DISTANCE, Granularity.WORDS);

    /** The options of a diff within the given limits, of whole-word edits. */
    public DiffOptions(Duration timeBudget, LongSupplier nanoClock, int maxCharDiffLength, int maxEditDistance) {
        this(timeBudget, nanoClock, maxCharDiffLength, maxEditDistance, Granularity.WORDS);
    }

    public DiffOptions {
        Objects.requireNonNull(timeBudget, "timeBudget");
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(granularity, "granularity");
        if (timeBudget.isNegative() || timeBudget.compareTo(MAX_TIME_BUDGET) > 0) {
            throw new IllegalArgumentException("timeBudget must be between 0 and " + MAX_TIME_BUDGET + ": " + timeBudget);
        }
        if (maxCharDiffLength < 0) {
            throw new IllegalArgumentException("maxCharDiffLength must not be negative: " + maxCharDiffLength);
        }
        if (maxEditDistance < 0) {
            throw new IllegalArgumentException("maxEditDistance must not be negative: " + maxEditDistance);
        }
    }

    public DiffOptions withTimeBudget(Duration budget) {
        return new DiffOptions(budget, nanoClock, maxCharDiffLength, maxEditDistance, granularity);
    }

    public DiffOptions withNanoClock(LongSupplier clock) {
        return new DiffOptions(timeBudget, clock, maxCharDiffLength, maxEditDistance, granularity);
    }

    public DiffOptions withMaxCharDiffLength(int length) {
        return new DiffOptions(timeBudget, nanoClock, length, maxEditDistance, granularity);
    }

    public DiffOptions withMaxEditDistance(int distance) {
        return new DiffOptions(timeBudget, nanoClock, maxCharDiffLength, distance, granularity);
    }

    public DiffOptions withGranularity(Granularity g) {
        return new DiffOptions(timeBudget, nanoClock, maxCharDiffLength, maxEditDistance, g);
    }
}
