package dev.tandem.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens a Tandem SQLite file the one way every store of it does: its folder created, WAL mode (or a clear refusal),
 * the caller's busy timeout and synchronous level, the schema migrated, autocommit off.
 */
final class SqliteFiles {

    private SqliteFiles() {}

    /** The open connection to {@code abs} (an absolute path); the caller owns it. */
    static Connection open(Path abs, StoreOptions options) throws StoreException {
        try {
            if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        } catch (IOException e) {
            throw new StoreException("cannot create the folder of " + abs, e);
        }
        Connection conn;
        try {
            conn = DriverManager.getConnection("jdbc:sqlite:" + abs);
        } catch (SQLException e) {
            throw new StoreException("cannot open the store " + abs + ": " + e.getMessage(), e);
        }
        try {
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA busy_timeout = " + options.busyTimeout().toMillis());
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
                    String mode = rs.next() ? rs.getString(1) : "?";
                    if (!"wal".equalsIgnoreCase(mode)) {
                        throw new StoreException("cannot switch " + abs + " to WAL mode (it stays in " + mode + ")");
                    }
                }
                st.execute("PRAGMA synchronous = " + options.synchronous().pragmaValue());
            }
            SqliteSchema.migrate(conn, abs.toString());
            conn.setAutoCommit(false);
            return conn;
        } catch (SQLException e) {
            closeQuietly(conn, e);
            throw new StoreException("cannot open the store " + abs + ": " + e.getMessage(), e);
        } catch (StoreException | RuntimeException e) {
            closeQuietly(conn, e);
            throw e;
        }
    }

    static void closeQuietly(Connection conn, Exception cause) {
        try {
            conn.close();
        } catch (SQLException c) {
            cause.addSuppressed(c);
        }
    }
}
