package dev.tandem.cli.lab;

import dev.tandem.cli.sim.FaultyNetwork.Faults;
import dev.tandem.cli.sim.FaultyNetwork.Latency;

import java.util.List;
import java.util.Optional;

/**
 * The conditions a strategy is run under: how many users, how the network behaves, for how long they type, where in
 * the document they type, and whether one of them goes through the tunnel. Every time is virtual milliseconds.
 *
 * @param id            short name (JSON, --scenario)
 * @param title         plain words for the table
 * @param clients       users, each with a replica
 * @param latency       message delays
 * @param faults        per-message drop, duplicate and reorder chances while users type
 * @param outageChance  chance, at each edit a user types, that their connection drops for a while
 * @param typingMillis  users type from {@link LabRun#TYPING_STARTS} until this time
 * @param focus         if present, every user types in this paragraph; otherwise each wanders over the document
 * @param tunnel        if present, one user's offline spell with the app closed in the middle of it
 */
record Scenario(String id, String title, int clients, Latency latency, Faults faults, double outageChance,
                long typingMillis, Optional<Integer> focus, Optional<Tunnel> tunnel) {

    /**
     * User {@code client} loses the network right after their first edit from {@code offlineAt} on (mid-sentence:
     * under locking, with the lock in hand), keeps typing offline, saves and closes the app at {@code closedAt}, and
     * reopens it, back online, at {@code reopenedAt}.
     */
    record Tunnel(int client, long offlineAt, long closedAt, long reopenedAt) {
        Tunnel {
            if (!(offlineAt < closedAt && closedAt < reopenedAt)) throw new IllegalArgumentException("tunnel times out of order");
        }
    }

    Scenario {
        if (clients < 2) throw new IllegalArgumentException("a scenario needs at least 2 users: " + clients);
        if (typingMillis <= LabRun.TYPING_STARTS) throw new IllegalArgumentException("users must type for a while");
        tunnel.ifPresent(t -> {
            if (t.client() >= clients || t.reopenedAt() >= typingMillis) throw new IllegalArgumentException("tunnel outside the run");
        });
    }

    private static final Latency LAN = new Latency(1, 20, 100);

    static final Scenario CALM_LAN = new Scenario("lan", "calm LAN", 3, LAN, Faults.NONE, 0, 61_000,
            Optional.empty(), Optional.empty());

    static final Scenario LOSSY_MOBILE = new Scenario("mobile", "lossy mobile link", 3, new Latency(60, 400, 600),
            new Faults(0.08, 0.03, 0.10), 0.004, 61_000, Optional.empty(), Optional.empty());

    static final Scenario TUNNEL = new Scenario("tunnel", "the tunnel", 3, LAN, Faults.NONE, 0, 201_000,
            Optional.empty(), Optional.of(new Tunnel(0, 10_000, 60_000, 190_000)));

    static final Scenario ONE_PARAGRAPH = new Scenario("paragraph", "many writers, one paragraph", 6, LAN, Faults.NONE,
            0, 61_000, Optional.of(2), Optional.empty());

    static final List<Scenario> ALL = List.of(CALM_LAN, LOSSY_MOBILE, TUNNEL, ONE_PARAGRAPH);
}
