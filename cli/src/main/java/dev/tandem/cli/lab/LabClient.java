package dev.tandem.cli.lab;

import dev.tandem.cli.sim.RandomEdits;

/**
 * One user's app under a strategy that the lab implements itself (locking, event passing, three-way merge): what
 * {@link HubAndClients} needs of it.
 *
 * <p>Concurrency: single-threaded (the lab run's).
 */
interface LabClient {

    String text();

    /** See {@link LabEngine#mayEdit}. */
    boolean mayEdit(int paragraph);

    void edit(RandomEdits.Splice splice);

    /** The app learns its connection is gone. */
    void disconnected();

    /** The app learns its connection is back. */
    void connected();

    /** Save to disk and quit. */
    void close();

    /** Start again from what is on disk. */
    void reopen();
}
