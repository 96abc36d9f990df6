package dev.tandem.engine.text;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of Patch + FuzzyPatcher over texts with astral characters (emoji, a skin-tone modifier). */
class PatchPropertiesTest {

    private static final String[] UNITS = {"a", "b", "c", "d", "e", " ", "\n", "é", "\uD83D\uDE00", "\uD83D\uDE01",
            "\uD83D\uDC4D\uD83C\uDFFD", "\uD800\uDF48", "x", "y", "z", "."};

    private static Arbitrary<String> texts(int min, int max) {
        return Arbitraries.of(UNITS).list().ofMinSize(min).ofMaxSize(max).map(l -> String.join("", l));
    }

    /** One splice at a code-point boundary: where (a fraction of the text), how many code points to drop, what to add. */
    record Edit(double at, int drop, String insert) {
        String applyTo(String s) {
            int[] cps = s.codePoints().toArray();
            int from = (int) (at * cps.length);
            int to = Math.min(cps.length, from + drop);
            int i = s.offsetByCodePoints(0, from);
            int j = s.offsetByCodePoints(0, to);
            return s.substring(0, i) + insert + s.substring(j);
        }
    }

    private static Arbitrary<List<Edit>> edits() {
        Arbitrary<Edit> one = Combinators.combine(Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 6), texts(0, 6)).as(Edit::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    private static String applyAll(String s, List<Edit> edits) {
        for (Edit e : edits) s = e.applyTo(s);
        return s;
    }

    private static void assertNoBrokenPair(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertTrue(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)), "broken pair at " + i);
                i++;
            } else {
                assertTrue(!Character.isLowSurrogate(c), "lone low surrogate at " + i);
            }
        }
    }

    @Property(tries = 500)
    void a_patch_applied_to_its_base_gives_the_edited_text_with_every_hunk_exact(
            @ForAll("base") String a, @ForAll("edits") List<Edit> edits) {
        String b = applyAll(a, edits);
        PatchResult r = FuzzyPatcher.withDefaults().apply(Patch.make(a, b), a);
        assertEquals(b, r.text());
        assertTrue(r.hunks().stream().allMatch(h -> h.status() == HunkStatus.EXACT), r.hunks().toString());
    }

    @Property(tries = 500)
    void edits_to_disjoint_regions_patched_in_either_order_give_the_same_text(
            @ForAll("piece") String head, @ForAll("piece") String region1, @ForAll("gap") String gap,
            @ForAll("piece") String region2, @ForAll("piece") String tail,
            @ForAll("piece") String new1, @ForAll("piece") String new2) {
        String a = head + region1 + gap + region2 + tail;
        String b1 = head + new1 + gap + region2 + tail;
        String b2 = head + region1 + gap + new2 + tail;
        String both = head + new1 + gap + new2 + tail;
        FuzzyPatcher p = FuzzyPatcher.withDefaults();
        PatchResult oneThenTwo = p.apply(Patch.make(a, b2), b1);
        PatchResult twoThenOne = p.apply(Patch.make(a, b1), b2);
        assertEquals(both, oneThenTwo.text(), oneThenTwo.hunks().toString());
        assertEquals(both, twoThenOne.text(), twoThenOne.hunks().toString());
    }

    @Property(tries = 1000)
    void a_patch_changes_only_the_text_its_applied_hunks_matched(
            @ForAll("base") String a, @ForAll("edits") List<Edit> mine, @ForAll("edits") List<Edit> theirs) {
        String b = applyAll(a, mine);
        String c = applyAll(a, theirs);
        PatchResult r = FuzzyPatcher.withDefaults().apply(Patch.make(a, b), c);
        // Replaying only the applied hunks' splices on the target must give the result: rejected hunks changed
        // nothing, applied ones nothing outside what they matched.
        StringBuilder replay = new StringBuilder(c);
        for (HunkResult h : r.hunks()) {
            if (!h.isApplied()) continue;
            assertEquals(h.matched(), replay.substring(h.landed(), h.landed() + h.matched().length()));
            replay.replace(h.landed(), h.landed() + h.matched().length(), h.produced());
        }
        assertEquals(replay.toString(), r.text());
        if (r.hunks().stream().noneMatch(HunkResult::isApplied)) assertEquals(c, r.text());
        assertNoBrokenPair(r.text());
    }

    @Property(tries = 500)
    void a_concurrent_edit_elsewhere_never_breaks_a_surrogate_pair(
            @ForAll("base") String a, @ForAll("edits") List<Edit> mine, @ForAll("edits") List<Edit> theirs) {
        String b = applyAll(a, mine);
        String c = applyAll(a, theirs);
        PatchResult r = FuzzyPatcher.withDefaults().apply(Patch.make(a, b), c);
        assertNoBrokenPair(r.text());
        for (HunkResult h : r.hunks()) {
            assertNoBrokenPair(h.hunk().before());
            assertNoBrokenPair(h.hunk().after());
        }
    }

    @Provide
    Arbitrary<String> base() {
        return texts(0, 120);
    }

    @Provide
    Arbitrary<String> piece() {
        return texts(0, 12);
    }

    @Provide
    Arbitrary<String> gap() {
        return texts(80, 140);
    }

    @Provide("edits")
    Arbitrary<List<Edit>> editsProvider() {
        return edits();
    }

}
