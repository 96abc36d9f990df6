package dev.tandem.cli.lab;

import java.util.List;

/**
 * What one strategy did in one scenario.
 *
 * @param scenario      scenario id
 * @param strategy      strategy id
 * @param converged     every user's replica ended equal to the hub's text
 * @param lostChars     characters of inserts whose marker is neither in the hub's final text nor in a conflict
 *                      record, nor deleted on purpose: lost with nobody told
 * @param lostEdits     how many inserts those were
 * @param blockedMillis time users wanted to type and were not allowed to, summed over users
 * @param latencyP50    median edit-to-peer latency (ms), -1 if nothing arrived
 * @param latencyP95    95th percentile of it
 * @param bytesSent     wire bytes put on the network, both ways (lost and duplicated copies included once)
 * @param conflicts     conflict records shown to (kept for) users
 * @param edits         edits the users typed
 * @param lostMarkers   the markers of the lost inserts (diagnosis; not in the table)
 */
record LabResult(String scenario, String strategy, boolean converged, long lostChars, int lostEdits, long blockedMillis,
                 long latencyP50, long latencyP95, long bytesSent, int conflicts, int edits, List<String> lostMarkers) {

    LabResult {
        lostMarkers = List.copyOf(lostMarkers);
    }
}
