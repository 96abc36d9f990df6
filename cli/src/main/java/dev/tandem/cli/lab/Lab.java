package dev.tandem.cli.lab;

import java.util.ArrayList;
import java.util.List;

/** Every strategy in every scenario for one seed: the lab's whole table. */
final class Lab {

    private Lab() {}

    static List<LabResult> run(long seed, List<Scenario> scenarios, List<Strategy> strategies) {
        List<LabResult> out = new ArrayList<>();
        for (Scenario sc : scenarios) {
            for (Strategy st : strategies) out.add(new LabRun(st, sc, seed).run());
        }
        return out;
    }

    static List<LabResult> run(long seed) {
        return run(seed, Scenario.ALL, List.of(Strategy.values()));
    }
}
