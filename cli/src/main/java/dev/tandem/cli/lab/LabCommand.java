package dev.tandem.cli.lab;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./tandem lab}: locking, event passing, three-way merge and differential sync on the same faulty network. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Compare sync strategies — locks (whole document, paragraph; with and without leases), event passing, "
                + "three-way merge, and Tandem's differential synchronization — each a real engine over the same "
                + "simulated users and faulty network, in four scenarios: a calm LAN, a lossy mobile link, the tunnel "
                + "(one user offline for minutes), many writers on one paragraph.",
                "Prints a table (or one JSON document); the same seed gives the same result. See docs/strategies.md."})
public final class LabCommand implements Callable<Integer> {

    @Option(names = "--seed", defaultValue = "1", description = "seed of the users and the network (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print one JSON document instead of the table")
    boolean json;

    @Option(names = "--scenario", description = "run only this scenario: lan, mobile, tunnel or paragraph")
    String scenario;

    @Override
    public Integer call() {
        List<Scenario> scenarios = Scenario.ALL;
        if (scenario != null) {
            scenarios = Scenario.ALL.stream().filter(s -> s.id().equals(scenario)).toList();
            if (scenarios.isEmpty()) {
                System.err.println("tandem lab: --scenario must be one of lan, mobile, tunnel, paragraph, not '" + scenario + "'");
                return dev.tandem.cli.TandemCli.BAD_INPUT;
            }
        }
        List<LabResult> results = Lab.run(seed, scenarios, List.of(Strategy.values()));
        System.out.print(json ? LabTable.json(seed, scenarios, results) + "\n" : LabTable.text(seed, scenarios, results));
        return 0;
    }
}
