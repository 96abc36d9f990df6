package dev.tandem.cli.lab;

import dev.tandem.cli.sim.MarkerLedger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Edit-to-peer latency, measured by the typist's markers: when a user types an insert its marker is noted with the
 * time; when text arrives at another user's replica (a patch, an event, a merged document, a section), the markers in
 * it that this peer sees for the first time give one latency sample each. Text a replica only re-receives (a whole
 * document again) is not counted twice.
 *
 * <p>Concurrency: single-threaded (the lab run's thread).
 */
final class ArrivalProbe {

    private record Typed(int author, long at) {}

    private final LongSupplier clock;
    private final Map<String, Typed> typed = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final List<Long> samples = new ArrayList<>();

    ArrivalProbe(LongSupplier clock) {
        this.clock = clock;
    }

    /** User {@code author} typed {@code inserted} just now. */
    void typed(int author, String inserted) {
        for (String id : MarkerLedger.markersIn(inserted)) typed.put(id, new Typed(author, clock.getAsLong()));
    }

    /** Text arrived at user {@code peer}'s replica from the network. */
    void arrived(int peer, CharSequence text) {
        if (text.isEmpty()) return;
        long now = clock.getAsLong();
        for (String id : MarkerLedger.markersIn(text)) {
            Typed t = typed.get(id);
            if (t == null || t.author() == peer) continue;
            if (seen.add(peer + "/" + id)) samples.add(now - t.at());
        }
    }

    /** Every sample so far, in ms, in the order they arrived. */
    List<Long> samples() { return List.copyOf(samples); }

    /** The {@code q}-quantile (0..1, nearest rank) of the samples, or -1 if there are none. */
    long quantile(double q) {
        if (samples.isEmpty()) return -1;
        List<Long> sorted = new ArrayList<>(samples);
        sorted.sort(null);
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
