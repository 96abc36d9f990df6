package dev.tandem.cli.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetaSimulationTest {

    private static MetaSimulation.Result run(MetaSimConfig c) {
        return new MetaSimulation(c).run();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void clients_with_skewed_clocks_over_a_harsh_network_with_restarts_converge_without_losing_a_write(long seed) {
        MetaSimulation.Result r = run(new MetaSimConfig(5, 80, seed, 0.1, 0.05, 0.1, 0.05, 0.02, 3_600_000));
        assertTrue(r.converged(), r.toString());
        assertEquals(0, r.lostWrites(), r.toString());
        assertTrue(r.documents() > 5 && r.writes() > 400, r.toString());
    }

    @Test
    void the_same_seed_gives_the_same_run() {
        MetaSimConfig c = new MetaSimConfig(4, 60, 42, 0.1, 0.05, 0.1, 0.05, 0.02, 3_600_000);
        assertEquals(run(c), run(c));
    }

    @Test
    void clocks_skewed_by_up_to_twelve_hours_still_converge() {
        MetaSimulation.Result r = run(new MetaSimConfig(4, 60, 9, 0, 0, 0, 0.1, 0, MetaSimConfig.MAX_SKEW));
        assertTrue(r.ok(), r.toString());
    }

    @Test
    void a_skew_beyond_half_the_relays_limit_is_refused_as_bad_input() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MetaSimConfig(2, 10, 1, 0, 0, 0, 0, 0, MetaSimConfig.MAX_SKEW + 1));
        assertTrue(e.getMessage().startsWith("--skew must be"), e.getMessage());
    }
}
