package dev.tandem.app;

/** How long a test waits for something that is expected to happen. */
public final class TestWaits {

    /**
     * An upper bound, not a target: a wait returns as soon as its condition holds. Generous because CI machines may be
     * slow or busy (a UI test that waited 5 s for a document to open failed on a loaded 2-core machine); performance
     * is measured by the benchmarks, never by these waits.
     */
    public static final long WAIT_SECONDS = 60;

    private TestWaits() {}
}
