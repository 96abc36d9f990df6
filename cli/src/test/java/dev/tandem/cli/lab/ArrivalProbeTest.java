package dev.tandem.cli.lab;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ArrivalProbeTest {

    private long now;
    private final ArrivalProbe probe = new ArrivalProbe(() -> now);

    @Test
    void a_marker_counts_once_per_peer_and_never_for_its_author() {
        probe.typed(0, "abc\u27E6c0-1\u27E7");
        now = 40;
        probe.arrived(0, "\u27E6c0-1\u27E7");  // the author's own text coming back
        probe.arrived(1, "x\u27E6c0-1\u27E7y");
        now = 90;
        probe.arrived(1, "whole document again \u27E6c0-1\u27E7");
        probe.arrived(2, "\u27E6c0-1\u27E7");
        assertEquals(List.of(40L, 90L), probe.samples());
    }

    @Test
    void quantiles_are_nearest_rank_and_minus_one_without_samples() {
        assertEquals(-1, probe.quantile(0.5));
        for (int i = 1; i <= 20; i++) {
            now = 0;
            probe.typed(0, "\u27E6c0-" + i + "\u27E7");
            now = i * 10L;
            probe.arrived(1, "\u27E6c0-" + i + "\u27E7");
        }
        assertEquals(100, probe.quantile(0.5));
        assertEquals(190, probe.quantile(0.95));
        assertEquals(200, probe.quantile(1));
    }
}
