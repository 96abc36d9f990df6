package dev.tandem.engine.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * diff-match-patch's own test cases for {@code diff_cleanupSemantic} and {@code diff_cleanupSemanticLossless}.
 * Diffs are written as runs separated by {@code |}: {@code =kept}, {@code -deleted}, {@code +inserted}; {@code \n}
 * and {@code \r} stand for line breaks.
 */
class SemanticCleanupTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "no elimination          ; -ab|+cd|=12|-e                  ; -ab|+cd|=12|-e",
            "no elimination, longer  ; -abc|+ABC|=1234|-wxyz           ; -abc|+ABC|=1234|-wxyz",
            "simple elimination      ; -a|=b|-c                        ; -abc|+b",
            "backpass elimination    ; -ab|=cd|-e|=f|+g                ; -abcdef|+cdfg",
            "multiple eliminations   ; +1|=A|-B|+2|=_|+1|=A|-B|+2      ; -AB_AB|+1A2_1A2",
            "word boundaries         ; =The c|-ow and the c|=at.       ; =The |-cow and the |=cat.",
            "no overlap elimination  ; -abcxx|+xxdef                   ; -abcxx|+xxdef",
            "overlap elimination     ; -abcxxx|+xxxdef                 ; -abc|=xxx|+def",
            "reverse overlap         ; -xxxabc|+defxxx                 ; +def|=xxx|-abc",
            "two overlaps            ; -abcd1212|+1212efghi|=----|-A3|+3BC ; -abcd|=1212|+efghi|=----|-A|=3|+BC",
    })
    void cleanup_semantic_follows_diff_match_patch(String name, String input, String expected) {
        assertEquals(parse(expected), SemanticCleanup.apply(DiffMerge.normalize(parse(input))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "blank lines           ; =AAA\\r\\n\\r\\nBBB|+\\r\\nDDD\\r\\n\\r\\nBBB|=\\r\\nEEE ; =AAA\\r\\n\\r\\n|+BBB\\r\\nDDD\\r\\n\\r\\n|=BBB\\r\\nEEE",
            "line boundaries       ; =AAA\\r\\nBBB|+ DDD\\r\\nBBB|= EEE ; =AAA\\r\\n|+BBB DDD\\r\\n|=BBB EEE",
            "word boundaries       ; =The c|+ow and the c|=at.      ; =The |+cow and the |=cat.",
            "alphanumeric          ; =The-c|+ow-and-the-c|=at.      ; =The-|+cow-and-the-|=cat.",
            "hitting the start     ; =a|-a|=ax                      ; -a|=aax",
            "hitting the end       ; =xa|-a|=a                      ; =xaa|-a",
            "sentence boundaries   ; =The xxx. The |+zzz. The |=yyy. ; =The xxx.|+ The zzz.|= The yyy.",
    })
    void single_edits_slide_to_the_best_boundary(String name, String input, String expected) {
        assertEquals(parse(expected), SemanticCleanup.apply(parse(input)));
    }

    @Test
    void single_edits_never_slide_into_a_surrogate_pair() {
        // "😀" inserted after "😀": sliding by one char would cut both pairs.
        List<Diff> diffs = List.of(Diff.equal("a😀"), Diff.insert("😀"), Diff.equal("😀b"));
        List<Diff> clean = SemanticCleanup.apply(diffs);
        DiffInvariants.assertIsDiffOf(clean, "a😀😀b", "a😀😀😀b");
    }

    @Test
    void common_overlap_never_cuts_a_surrogate_pair() {
        assertEquals(3, SemanticCleanup.commonOverlap("123456xxx", "xxxabcd"));
        assertEquals(2, SemanticCleanup.commonOverlap("ab😀", "😀cd"));
        assertEquals(0, SemanticCleanup.commonOverlap("ab\uD83D\uDE00", "\uDE00cd"));
    }

    private static List<Diff> parse(String runs) {
        List<Diff> diffs = new ArrayList<>();
        for (String run : runs.split("\\|")) {
            String text = run.substring(1).replace("\\r", "\r").replace("\\n", "\n");
            diffs.add(switch (run.charAt(0)) {
                case '=' -> Diff.equal(text);
                case '-' -> Diff.delete(text);
                case '+' -> Diff.insert(text);
                default -> throw new IllegalArgumentException(run);
            });
        }
        return diffs;
    }
}
