package dev.tandem.cli.sim;

import dev.tandem.engine.session.MetaHub;

/**
 * One metadata simulation's parameters, checked.
 *
 * @param clients       number of clients
 * @param changes       metadata changes each client makes
 * @param seed          the seed of the run's one random generator
 * @param drop          chance that a message is lost
 * @param dup           chance that a message is delivered twice
 * @param reorder       chance that a message is held back long enough to be overtaken
 * @param offline       chance, at each change, that the client goes offline for a while
 * @param restart       chance, at each change, that a side (this client, or the relay) restarts from its store
 * @param maxSkewMillis each client's clock is off by a random amount up to this, ahead or behind
 */
public record MetaSimConfig(int clients, int changes, long seed, double drop, double dup, double reorder, double offline,
                            double restart, long maxSkewMillis) {

    /** Half the relay's limit: a skew within it is merged; beyond the limit writes are refused (tested elsewhere). */
    public static final long MAX_SKEW = MetaHub.Options.DEFAULT_MAX_AHEAD_MILLIS / 2;

    public MetaSimConfig {
        if (clients < 1 || clients > SimConfig.MAX_CLIENTS) throw new IllegalArgumentException("--clients must be 1.." + SimConfig.MAX_CLIENTS + ": " + clients);
        if (changes < 0) throw new IllegalArgumentException("--edits (changes per client) must not be negative: " + changes);
        for (double p : new double[] {drop, dup, reorder, offline, restart}) {
            if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("probabilities must be in [0, 1]: " + p);
        }
        if (drop >= 1) throw new IllegalArgumentException("--drop must be below 1 (nothing would ever arrive)");
        if (maxSkewMillis < 0 || maxSkewMillis > MAX_SKEW) {
            throw new IllegalArgumentException("--skew must be 0.." + MAX_SKEW + " ms (beyond the relay's limit of "
                    + MetaHub.Options.DEFAULT_MAX_AHEAD_MILLIS + " ms writes are refused, not merged): " + maxSkewMillis);
        }
    }

    /** The command line that reruns this configuration. */
    public String commandLine() {
        return "./tandem sim --meta --clients " + clients + " --edits " + changes + " --seed " + seed + " --drop " + drop
                + " --dup " + dup + " --reorder " + reorder + " --disconnect " + offline + " --restart " + restart
                + " --skew " + maxSkewMillis;
    }
}
