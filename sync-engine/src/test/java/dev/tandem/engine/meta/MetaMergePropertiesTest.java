package dev.tandem.engine.meta;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The merge rule is a function of the set of writes, whatever their order or repetition: the property that lets every
 * side converge however changes travel (pushed, pulled, retried, duplicated).
 */
class MetaMergePropertiesTest {

    private static final String DOC = "d";

    private static MetaRecord mergeAll(List<FieldChange> changes) {
        MetaRecord r = MetaRecord.empty(DOC);
        for (FieldChange c : changes) r = r.apply(c).orElse(r);
        return r;
    }

    @Property(tries = 400)
    void merging_is_commutative_any_order_gives_the_same_record(@ForAll("changes") List<FieldChange> changes,
                                                                 @ForAll long shuffleSeed) {
        List<FieldChange> shuffled = new ArrayList<>(changes);
        Collections.shuffle(shuffled, new Random(shuffleSeed));
        assertEquals(mergeAll(changes), mergeAll(shuffled));
    }

    @Property(tries = 400)
    void merging_is_idempotent_repeated_writes_change_nothing(@ForAll("changes") List<FieldChange> changes) {
        List<FieldChange> twice = new ArrayList<>(changes);
        twice.addAll(changes);
        assertEquals(mergeAll(changes), mergeAll(twice));
        MetaRecord once = mergeAll(changes);
        for (FieldChange c : changes) assertEquals(once, once.apply(c).orElse(once));
    }

    @Property(tries = 300)
    void merging_is_associative_records_merged_in_groups_agree(@ForAll("changes") List<FieldChange> changes) {
        int cut = changes.size() / 2;
        MetaRecord left = mergeAll(changes.subList(0, cut));
        MetaRecord right = mergeAll(changes.subList(cut, changes.size()));
        MetaRecord combined = left;
        for (FieldChange c : right.asChanges()) combined = combined.apply(c).orElse(combined);
        assertEquals(mergeAll(changes), combined);
    }

    @Property(tries = 300)
    void each_field_holds_its_greatest_stamp(@ForAll("changes") List<FieldChange> changes) {
        MetaRecord r = mergeAll(changes);
        for (MetaField f : MetaField.values()) {
            Hlc max = changes.stream().filter(c -> c.field() == f).map(FieldChange::stamp).max(Hlc::compareTo).orElse(null);
            assertEquals(java.util.Optional.ofNullable(max), r.stamp(f));
        }
    }

    @Provide
    Arbitrary<List<FieldChange>> changes() {
        // Few distinct times, counters and nodes, so that ties on time and counter are common; on rare occasions the
        // same stamp carries two values (the tie-break by value must keep the rule a function of the set).
        Arbitrary<Hlc> stamps = Combinators.combine(Arbitraries.longs().between(0, 4), Arbitraries.integers().between(0, 2),
                Arbitraries.of("a", "b", "c")).as(Hlc::new);
        Arbitrary<FieldChange> change = Combinators.combine(Arbitraries.of(MetaField.values()), stamps,
                Arbitraries.integers().between(0, 3)).as((f, s, v) -> new FieldChange(DOC, f, value(f, v), s));
        return change.list().ofMaxSize(30);
    }

    private static MetaValue value(MetaField f, int v) {
        return switch (f) {
            case TITLE -> new MetaValue.Text("title " + v);
            case FOLDER -> new MetaValue.Text(v == 0 ? "" : "folder" + v);
            case TAGS -> new MetaValue.Tags(v == 0 ? List.of() : List.of("t" + v, "x"));
            case PINNED, DELETED -> new MetaValue.Flag(v % 2 == 1);
            case CREATED -> new MetaValue.Millis(v);
        };
    }
}
