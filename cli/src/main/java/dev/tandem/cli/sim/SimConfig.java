package dev.tandem.cli.sim;

/**
 * One simulation's parameters, checked.
 *
 * @param clients    number of clients (at least 1)
 * @param edits      edits each client types
 * @param seed       the seed of the run's one random generator: the same seed gives the same run
 * @param drop       chance that a message is lost
 * @param dup        chance that a message is delivered twice
 * @param reorder    chance that a message is held back long enough to be overtaken
 * @param disconnect chance, at each edit a client types, that its connection is cut for a while
 * @param restart    chance, at each edit a client types, that a side (this client, or the hub) restarts from its store
 */
public record SimConfig(int clients, int edits, long seed, double drop, double dup, double reorder, double disconnect,
                        double restart) {

    public static final int MAX_CLIENTS = 64;

    public SimConfig {
        if (clients < 1 || clients > MAX_CLIENTS) throw new IllegalArgumentException("--clients must be 1.." + MAX_CLIENTS + ": " + clients);
        if (edits < 0) throw new IllegalArgumentException("--edits must not be negative: " + edits);
        probability("--drop", drop);
        probability("--dup", dup);
        probability("--reorder", reorder);
        probability("--disconnect", disconnect);
        probability("--restart", restart);
        if (drop >= 1) throw new IllegalArgumentException("--drop must be below 1 (nothing would ever arrive)");
    }

    private static void probability(String name, double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(name + " must be a probability in [0, 1]: " + p);
    }

    /** The command line that reruns this configuration. */
    public String commandLine() {
        return "./tandem sim --clients " + clients + " --edits " + edits + " --seed " + seed + " --drop " + drop
                + " --dup " + dup + " --reorder " + reorder + " --disconnect " + disconnect + " --restart " + restart;
    }
}
