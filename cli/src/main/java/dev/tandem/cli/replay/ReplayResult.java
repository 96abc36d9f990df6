package dev.tandem.cli.replay;

/**
 * What a replay found.
 *
 * @param trace        the trace's name
 * @param edits        patches applied
 * @param matches      every site ended with the trace's endContent
 * @param converged    every site ended with the same text
 * @param distance     chars inserted plus deleted by a diff from the hub's final text to endContent (0 when it matches)
 * @param ms           wall-clock milliseconds of the replay (loading the file excluded)
 * @param wireBytes    bytes of every message's JSON wire form
 * @param payloadBytes bytes of the delta op strings those messages carried
 * @param messages     messages sent
 * @param conflicts    conflict records on all sites at the end
 * @param resets       link resets the clients went through after joining
 * @param unplaced     patches of a concurrent trace whose context was found nowhere in their author's text (skipped)
 */
public record ReplayResult(String trace, int edits, boolean matches, boolean converged, int distance, long ms,
                           long wireBytes, long payloadBytes, long messages, int conflicts, long resets, int unplaced) {}
