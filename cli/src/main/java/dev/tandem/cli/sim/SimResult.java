package dev.tandem.cli.sim;

import java.util.List;

/**
 * What a simulation found.
 *
 * @param converged    every client's text equals the hub's at the end
 * @param silentLosses markers neither deliberately deleted nor in the final text nor in a conflict record
 * @param conflicts    conflict records held by all sides at the end
 * @param recoveries   link resets the clients went through after joining (a join is a reset too, not counted)
 * @param finalLength  length of the hub's final text
 * @param messages     messages put on the network
 * @param seed         the run's seed
 * @param lostMarkers  the ids of the silently lost markers (for diagnosis; not in the one-line report)
 * @param fragmented   of the lost markers, those of which pieces remain in the text or in conflict records (diagnosis)
 * @param virtualMillis virtual time the run took
 * @param restarts     restarts performed
 * @param disconnects  connections cut
 */
public record SimResult(boolean converged, int silentLosses, int conflicts, int recoveries, int finalLength, long messages,
                        long seed, List<String> lostMarkers, List<String> fragmented, long virtualMillis, int restarts, int disconnects) {

    public SimResult {
        lostMarkers = List.copyOf(lostMarkers);
        fragmented = List.copyOf(fragmented);
    }

    /** Exit status 0 only for a converged run without silent losses. */
    public boolean ok() { return converged && silentLosses == 0; }
}
