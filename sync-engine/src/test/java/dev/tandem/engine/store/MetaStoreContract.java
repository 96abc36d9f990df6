package dev.tandem.engine.store;

import dev.tandem.engine.meta.FieldChange;
import dev.tandem.engine.meta.FieldStamp;
import dev.tandem.engine.meta.Hlc;
import dev.tandem.engine.meta.MetaField;
import dev.tandem.engine.meta.MetaRecord;
import dev.tandem.engine.meta.MetaValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link MetaStore} does; run against the memory and the SQLite one. */
abstract class MetaStoreContract {

    protected MetaStore store;

    protected abstract MetaStore open() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        store = open();
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
    }

    static FieldChange title(String doc, String title, long millis, String node) {
        return new FieldChange(doc, MetaField.TITLE, new MetaValue.Text(title), new Hlc(millis, 0, node));
    }

    @Test
    void a_later_stamp_wins_and_an_earlier_one_changes_nothing() throws Exception {
        assertEquals(1, store.merge(List.of(title("d", "B", 20, "n"))).size());
        assertEquals(List.of(), store.merge(List.of(title("d", "A", 10, "n"))));
        assertEquals("B", store.record("d").orElseThrow().title());
        assertEquals(1, store.merge(List.of(title("d", "C", 30, "n"))).size());
        assertEquals("C", store.record("d").orElseThrow().title());
    }

    @Test
    void merging_the_same_change_twice_takes_no_new_sequence_number() throws Exception {
        store.merge(List.of(title("d", "A", 10, "n")));
        long seq = store.lastSeq();
        assertEquals(List.of(), store.merge(List.of(title("d", "A", 10, "n"))));
        assertEquals(seq, store.lastSeq());
    }

    @Test
    void fields_merge_on_their_own_a_rename_and_a_tag_both_stay() throws Exception {
        store.merge(List.of(title("d", "Renamed", 10, "a"),
                new FieldChange("d", MetaField.TAGS, new MetaValue.Tags(List.of("work")), new Hlc(5, 0, "b"))));
        MetaRecord r = store.record("d").orElseThrow();
        assertEquals("Renamed", r.title());
        assertEquals(List.of("work"), r.tags());
    }

    @Test
    void changes_since_a_cursor_are_the_current_writes_of_the_fields_changed_after_it() throws Exception {
        store.merge(List.of(title("w/a", "A1", 1, "n")));
        long cursor = store.lastSeq();
        store.merge(List.of(title("w/b", "B", 2, "n"), title("v/c", "other workspace", 2, "n"), title("w/a", "A2", 3, "n")));
        List<MetaStore.Numbered> since = store.changesSince(cursor, "w/", 100);
        assertEquals(List.of("B", "A2"), since.stream().map(n -> ((MetaValue.Text) n.change().value()).text()).toList());
        assertTrue(since.get(0).seq() < since.get(1).seq());
        assertEquals(1, store.changesSince(cursor, "w/", 1).size(), "the limit is kept");
        assertEquals(List.of(), store.changesSince(store.lastSeq(), "w/", 100));
    }

    @Test
    void a_field_rewritten_locally_while_its_push_was_on_the_way_stays_in_the_change_log() throws Exception {
        FieldChange first = title("d", "First", 10, "me");
        store.writeLocal(List.of(first));
        assertEquals(List.of(first), store.pending());
        FieldChange second = title("d", "Second", 11, "me");
        store.writeLocal(List.of(second)); // written between the push of "First" and its acknowledgement
        store.acknowledge(List.of(FieldStamp.of(first)));
        assertEquals(List.of(second), store.pending(), "the acknowledgement of the older write leaves the newer one");
        store.acknowledge(List.of(FieldStamp.of(second)));
        assertEquals(List.of(), store.pending());
    }

    @Test
    void the_change_log_keeps_one_entry_per_field_in_the_order_written() throws Exception {
        store.writeLocal(List.of(title("a", "A", 1, "me")));
        store.writeLocal(List.of(title("b", "B", 2, "me")));
        store.writeLocal(List.of(title("a", "A again", 3, "me")));
        assertEquals(List.of("b", "a"), store.pending().stream().map(FieldChange::docId).toList());
    }

    @Test
    void a_refused_own_write_can_take_a_new_stamp_in_its_record_and_in_the_change_log() throws Exception {
        FieldChange future = title("d", "Mine", 9_000, "me");
        store.writeLocal(List.of(future));
        long seq = store.lastSeq();
        store.restamp(future, new Hlc(100, 0, "me"));
        assertEquals(Optional.of(new Hlc(100, 0, "me")), store.record("d").orElseThrow().stamp(MetaField.TITLE));
        assertEquals(List.of(title("d", "Mine", 100, "me")), store.pending());
        assertEquals(seq + 1, store.lastSeq(), "the new stamp is a new write for pulls");
        store.restamp(future, new Hlc(50, 0, "me"));
        assertEquals(Optional.of(new Hlc(100, 0, "me")), store.record("d").orElseThrow().stamp(MetaField.TITLE),
                "a stamp no longer held is not replaced");
    }

    @Test
    void a_pull_and_its_cursor_are_stored_together() throws Exception {
        assertEquals(0, store.cursor());
        store.mergePulled(List.of(title("d", "From relay", 5, "r")), 42);
        assertEquals(42, store.cursor());
        assertEquals("From relay", store.record("d").orElseThrow().title());
    }

    @Test
    void the_greatest_stamp_covers_records_and_the_change_log() throws Exception {
        assertEquals(Optional.empty(), store.maxStamp());
        store.merge(List.of(title("d", "x", 50, "r")));
        store.writeLocal(List.of(title("e", "y", 70, "me")));
        assertEquals(Optional.of(new Hlc(70, 0, "me")), store.maxStamp());
    }

    @Test
    void a_document_never_written_has_no_record() throws Exception {
        assertEquals(Optional.empty(), store.record("nothing"));
        assertEquals(List.of(), store.records());
    }
}
