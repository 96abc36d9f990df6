package dev.tandem.engine.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SqliteDocumentStore} opens its file: a checked, immutable value with a named default for every field.
 *
 * @param synchronous when SQLite waits for the disk (see {@link Synchronous})
 * @param busyTimeout how long a write waits for another connection's lock on the same file before it fails with a
 *                    {@link StoreException} (the entries stay buffered); zero fails at once
 */
public record StoreOptions(Synchronous synchronous, Duration busyTimeout) {

    /**
     * SQLite's {@code PRAGMA synchronous} in WAL mode.
     *
     * <p>{@link #NORMAL} (the default) writes each commit to the WAL file without an fsync; the WAL is synced at
     * checkpoints. A commit is then in the operating system's page cache when {@code commit()} returns, so it survives
     * a crash or {@code kill -9} of the process (the case the engine promises to survive), but a power loss or a kernel
     * crash may lose the last commits (never corrupting the file). {@link #FULL} fsyncs the WAL at every commit: it
     * survives power loss too, at the price of one fsync per commit (milliseconds on most disks).
     */
    public enum Synchronous {
        NORMAL, FULL;

        String pragmaValue() {
            return name();
        }
    }

    /** Survives a killed process; see {@link Synchronous#NORMAL}. */
    public static final Synchronous DEFAULT_SYNCHRONOUS = Synchronous.NORMAL;
    /** Long enough for a CLI inspecting the file or a backup to finish; short enough that a stuck lock shows. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
    /** SQLite takes the timeout as an int of milliseconds. */
    public static final Duration MAX_BUSY_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    public StoreOptions {
        Objects.requireNonNull(synchronous, "synchronous");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (busyTimeout.isNegative()) {
            throw new IllegalArgumentException("busyTimeout must not be negative: " + busyTimeout);
        }
        if (busyTimeout.compareTo(MAX_BUSY_TIMEOUT) > 0) {
            throw new IllegalArgumentException("busyTimeout must be at most " + MAX_BUSY_TIMEOUT + ": " + busyTimeout);
        }
    }

    /** {@link #DEFAULT_SYNCHRONOUS} and {@link #DEFAULT_BUSY_TIMEOUT}. */
    public static StoreOptions defaults() {
        return new StoreOptions(DEFAULT_SYNCHRONOUS, DEFAULT_BUSY_TIMEOUT);
    }

    public StoreOptions withSynchronous(Synchronous value) {
        return new StoreOptions(value, busyTimeout);
    }

    public StoreOptions withBusyTimeout(Duration value) {
        return new StoreOptions(synchronous, value);
    }
}
