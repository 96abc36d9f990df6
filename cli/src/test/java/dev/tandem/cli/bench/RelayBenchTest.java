package dev.tandem.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelayBenchTest {

    private static final Pattern HEAP = Pattern.compile("-Xms(\\d+)m -Xmx(\\d+)m");

    /** A minimum alone let the collector grow the heap, pre-touching each new gigabyte inside a pause (0014). */
    @Test
    void the_load_generators_heap_cannot_grow_while_it_measures() {
        for (int clients : new int[] {1, 50, 200, 500, 2000}) {
            for (boolean writing : new boolean[] {true, false}) {
                String opts = RelayBench.clientJavaOpts(clients, writing);
                Matcher m = HEAP.matcher(opts);
                assertTrue(m.find(), opts);
                assertEquals(m.group(1), m.group(2), "minimum and maximum heap: " + opts);
                assertTrue(opts.contains("-XX:+AlwaysPreTouch"), opts);
            }
        }
    }

    @Test
    void writers_get_room_for_their_texts_and_idle_connections_a_fixed_heap() {
        assertEquals("-Xms3072m -Xmx3072m -XX:+AlwaysPreTouch", RelayBench.clientJavaOpts(200, true));
        assertEquals("-Xms6000m -Xmx6000m -XX:+AlwaysPreTouch", RelayBench.clientJavaOpts(500, true));
        assertEquals("-Xms3072m -Xmx3072m -XX:+AlwaysPreTouch", RelayBench.clientJavaOpts(2000, false));
    }

    /** A fresh relay's compiler still took most of a core 30-40 s after its start under load (session 19). */
    @Test
    void a_full_run_measures_after_a_minute_of_typing_a_quick_one_after_twice_its_seconds() {
        assertEquals(60, RelayBench.warmup(10, false));
        assertEquals(80, RelayBench.warmup(40, false));
        assertEquals(6, RelayBench.warmup(3, true));
        assertEquals(1, RelayBench.warmup(0, true));
    }
}
