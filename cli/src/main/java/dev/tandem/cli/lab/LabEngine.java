package dev.tandem.cli.lab;

import dev.tandem.cli.sim.FaultyNetwork;
import dev.tandem.cli.sim.RandomEdits;
import dev.tandem.engine.sync.Conflict;

import java.util.List;

/**
 * One sync strategy at work: a hub and the users' replicas of one document, talking over a {@link FaultyNetwork}.
 * The lab's run ({@link LabRun}) plays the users and the network's weather against it; the engine decides what a
 * user may do and when, and what travels.
 *
 * <p>Concurrency: single-threaded, driven by the lab run's scheduler.
 */
interface LabEngine {

    /** The network this engine's messages travel on (the run cuts, restores and heals it). */
    FaultyNetwork<?> network();

    /** What user {@code client} sees now. */
    String text(int client);

    /** The hub's copy: the document of record. */
    String hubText();

    /**
     * Whether user {@code client} may type into {@code paragraph} now. False means the user is blocked; the engine
     * starts whatever would unblock them (asks for a lock), and the user tries again a little later.
     */
    boolean mayEdit(int client, int paragraph);

    /** User {@code client} typed {@code splice} into their replica (allowed by {@link #mayEdit} just before). */
    void edit(int client, RandomEdits.Splice splice);

    /** User {@code client}'s connection is gone; they may keep typing. */
    void disconnect(int client);

    /** User {@code client}'s connection is back. */
    void reconnect(int client);

    /** User {@code client} saves and closes the app: what it kept on disk survives, the rest of its state does not. */
    void closeApp(int client);

    /** User {@code client} opens the app again (a new session), online if its connection is up. */
    void reopenApp(int client);

    /** Every conflict record shown to a user so far (in their app, where they can re-apply or dismiss it). */
    List<Conflict> conflicts();
}
