package dev.tandem.engine.store;

import dev.tandem.engine.sync.Conflict;
import dev.tandem.engine.sync.DocumentSnapshot;
import dev.tandem.engine.sync.JournalEntry;
import dev.tandem.engine.sync.LinkSnapshot;
import dev.tandem.engine.sync.StackEntry;
import dev.tandem.engine.text.Delta;
import dev.tandem.engine.text.DeltaOp;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalCodecTest {

    static final String ASTRAL = "a😀b𝄞c\uD83D"; // emoji, musical symbol, and a lone high surrogate at the end
    static final Conflict CONFLICT = new Conflict("c1", "doc", "client-7", 1_700_000_000_123L,
            Conflict.Origin.LOCAL_EDIT_REJECTED_BY_HUB, -3, "before 😀", "", "inserted\t%09", "after\n",
            "the context was gone");

    static StackEntry stackEntry() {
        Delta delta = Delta.between("hello 😀 world", "hello 𝄞 brave world");
        return new StackEntry(42, delta, Delta.between("hello 𝄞 brave world", "hello 😀 world").ops());
    }

    static Stream<JournalEntry> everyEntryKind() {
        return Stream.of(
                new JournalEntry.Splice(null, 0, 0, "x"),
                new JournalEntry.Splice("hub", 12, 3, ASTRAL),
                new JournalEntry.Splice(null, Integer.MAX_VALUE, 0, ""),
                new JournalEntry.Versions("hub", 7, 9, 5),
                new JournalEntry.Versions("client", Long.MAX_VALUE, Long.MIN_VALUE, -1),
                new JournalEntry.TheirsApplied("hub", -7L),
                new JournalEntry.StackPush("hub", stackEntry()),
                new JournalEntry.StackPush("hub", new StackEntry(0,
                        new Delta(List.of(new DeltaOp.Keep(3)), 3, -1L, 3, Long.MIN_VALUE), List.of())),
                new JournalEntry.EditMade("hub", stackEntry()),
                new JournalEntry.StackPrune("hub", Long.MAX_VALUE),
                new JournalEntry.StackTruncate("hub", 3),
                new JournalEntry.LinkReset("client-😀", 4, "shadow " + ASTRAL),
                new JournalEntry.LinkRestarted("client-😀", Long.MAX_VALUE, 7),
                new JournalEntry.LinkRemoved("client-9"),
                new JournalEntry.ConflictAdded(CONFLICT),
                new JournalEntry.ConflictRemoved("c1"));
    }

    @ParameterizedTest
    @MethodSource("everyEntryKind")
    void every_entry_kind_round_trips(JournalEntry entry) {
        assertEquals(entry, JournalCodec.decode(JournalCodec.encode(entry)));
    }

    @Test
    void every_kind_appears_in_the_round_trip_table() {
        long kinds = everyEntryKind().map(Object::getClass).distinct().count();
        assertEquals(JournalEntry.class.getPermittedSubclasses().length, kinds);
    }

    @Test
    void entries_back_to_back_round_trip_in_order() {
        List<JournalEntry> all = everyEntryKind().toList();
        assertEquals(all, JournalCodec.decodeEntries(JournalCodec.encodeEntries(all)));
    }

    @Test
    void a_one_letter_splice_of_the_text_takes_six_bytes_plus_the_blob_header() {
        assertEquals(1 + 6, JournalCodec.encode(new JournalEntry.Splice(null, 100, 0, "a")).length);
    }

    @Test
    void a_text_longer_than_64k_round_trips() {
        String big = "😀".repeat(50_000) + "x".repeat(70_000);
        JournalEntry e = new JournalEntry.LinkReset("hub", 1, big);
        assertEquals(e, JournalCodec.decode(JournalCodec.encode(e)));
    }

    @Test
    void a_snapshot_round_trips_with_links_stacks_and_conflicts() {
        DocumentSnapshot s = new DocumentSnapshot("doc-😀", "text " + ASTRAL, List.of(
                new LinkSnapshot("hub", 3, "shadow " + ASTRAL, 5, 8, 4, List.of(stackEntry()), Long.MIN_VALUE),
                new LinkSnapshot("other", 0, "", 0, 0, 0, List.of())), List.of(CONFLICT));
        assertEquals(s, JournalCodec.decodeSnapshot(JournalCodec.encodeSnapshot(s)));
    }

    @Test
    void a_snapshot_written_in_format_1_is_read_with_its_last_applied_result_unknown() {
        DocumentSnapshot s = new DocumentSnapshot("d", "text", List.of(
                new LinkSnapshot("hub", 3, "shadow", 5, 8, 4, List.of(stackEntry()))), List.of(CONFLICT));
        // Format 1 is format 2 without the result marker after each link's stack (the only link here has none: 0).
        byte[] v2 = JournalCodec.encodeSnapshot(s, 2);
        byte[] v1 = formatOneOf(v2, s);
        v1[0] = 1;
        assertEquals(s, JournalCodec.decodeSnapshot(v1));
    }

    @Test
    void a_snapshot_written_in_format_2_with_whole_shadows_is_read() {
        DocumentSnapshot s = new DocumentSnapshot("d", "text " + ASTRAL, List.of(
                new LinkSnapshot("hub", 3, "shadow " + ASTRAL, 5, 8, 4, List.of(stackEntry()), 42L)), List.of(CONFLICT));
        byte[] v2 = JournalCodec.encodeSnapshot(s, 2);
        assertEquals(2, v2[0]);
        assertEquals(s, JournalCodec.decodeSnapshot(v2));
    }

    @Test
    void a_hub_checkpoint_writes_the_text_once_and_each_view_as_its_few_differences() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 50_000; i++) text.append("line ").append(i).append(" of the shared document\n");
        List<LinkSnapshot> views = new ArrayList<>();
        for (int v = 0; v < 100; v++) {
            StringBuilder shadow = new StringBuilder(text);
            shadow.insert(v * 400, "typed by " + v);          // a keystroke or two not yet pushed to this view
            shadow.delete(30_000 + v * 10, 30_000 + v * 10 + 3);
            views.add(new LinkSnapshot("c" + v, v, shadow.toString(), 1, 1, 1, List.of()));
        }
        DocumentSnapshot s = new DocumentSnapshot("d", text.toString(), views, List.of());
        byte[] blob = JournalCodec.encodeSnapshot(s);
        assertTrue(blob.length < 2 * text.length(), () -> blob.length + " bytes for a " + text.length() + "-char text");
        assertEquals(s, JournalCodec.decodeSnapshot(blob));
    }

    /** Drops the one link's result marker (a single 0 byte, just before the conflicts) from a format-2 snapshot. */
    private static byte[] formatOneOf(byte[] v2, DocumentSnapshot s) {
        byte[] noConflicts = JournalCodec.encodeSnapshot(new DocumentSnapshot(s.docId(), s.text(), s.links(), List.of()), 2);
        int marker = noConflicts.length - 2; // ... stack, marker 0, conflict count 0
        assertEquals(0, noConflicts[marker]);
        byte[] v1 = new byte[v2.length - 1];
        System.arraycopy(v2, 0, v1, 0, marker);
        System.arraycopy(v2, marker + 1, v1, marker, v2.length - marker - 1);
        return v1;
    }

    @Test
    void an_empty_snapshot_round_trips() {
        DocumentSnapshot s = new DocumentSnapshot("", "", List.of(), List.of());
        assertEquals(s, JournalCodec.decodeSnapshot(JournalCodec.encodeSnapshot(s)));
    }

    @Test
    void a_blob_of_an_unknown_format_version_is_refused() {
        byte[] blob = JournalCodec.encode(new JournalEntry.LinkRemoved("x"));
        blob[0] = (byte) (JournalCodec.FORMAT_VERSION + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JournalCodec.decode(blob));
        assertTrue(e.getMessage().contains("format version " + (JournalCodec.FORMAT_VERSION + 1)), e.getMessage());
    }

    @Test
    void an_unknown_entry_tag_is_refused() {
        byte[] blob = JournalCodec.encode(new JournalEntry.LinkRemoved("x"));
        blob[1] = 99;
        assertThrows(IllegalArgumentException.class, () -> JournalCodec.decode(blob));
    }

    @Test
    void every_truncation_of_a_blob_is_refused_or_decodes_to_fewer_entries() {
        List<JournalEntry> all = everyEntryKind().toList();
        byte[] blob = JournalCodec.encodeEntries(all);
        for (int n = 1; n < blob.length; n++) {
            byte[] cut = Arrays.copyOf(blob, n);
            try {
                List<JournalEntry> got = JournalCodec.decodeEntries(cut);
                assertTrue(got.size() < all.size());
                assertEquals(all.subList(0, got.size()), got);
            } catch (IllegalArgumentException expected) {
                // refused with a reason: fine
            }
        }
    }

    @Property(tries = 300)
    void any_string_round_trips_in_a_splice(@ForAll String inserted, @ForAll @IntRange(max = 1 << 20) int pos) {
        JournalEntry e = new JournalEntry.Splice("hub", pos, 0, inserted);
        assertEquals(e, JournalCodec.decode(JournalCodec.encode(e)));
    }

    @Property(tries = 300)
    void any_utf16_units_round_trip_including_lone_surrogates(
            @ForAll @CharRange(from = '\uD700', to = '\uE000') char a, @ForAll char b, @ForAll char c) {
        String s = new String(new char[] {a, b, c});
        JournalEntry e = new JournalEntry.Splice(null, 0, 0, s);
        assertEquals(e, JournalCodec.decode(JournalCodec.encode(e)));
    }

    @Property(tries = 200)
    void any_long_round_trips_in_versions(@ForAll long mine, @ForAll long theirs, @ForAll long backup) {
        JournalEntry e = new JournalEntry.Versions("hub", mine, theirs, backup);
        assertEquals(e, JournalCodec.decode(JournalCodec.encode(e)));
    }

    @Test
    void a_scripted_history_round_trips_entry_by_entry_and_in_one_blob() {
        EditScript script = new EditScript("doc", 7);
        List<JournalEntry> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) all.addAll(script.next());
        for (JournalEntry e : all) assertEquals(e, JournalCodec.decode(JournalCodec.encode(e)));
        assertEquals(all, JournalCodec.decodeEntries(JournalCodec.encodeEntries(all)));
    }
}
