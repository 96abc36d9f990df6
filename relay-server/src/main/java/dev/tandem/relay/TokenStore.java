package dev.tandem.relay;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Access tokens, in {@code tokens.db} beside the hub's store. A token is {@code tdm_<id>_<secret>}: the id finds the
 * row, and only the SHA-256 hash of the secret is stored and compared (in constant time, {@link MessageDigest#isEqual}).
 * The token itself is shown once, when created, and never logged.
 *
 * <p>Schema (version {@link #VERSION}, in {@code PRAGMA user_version}; append a migration to change it):
 * {@code token(id, workspace, read_only, secret_sha256, created, revoked)}.
 *
 * <p>Concurrency: every method is synchronized on the store (one JDBC connection); calls are short.
 */
public final class TokenStore implements AutoCloseable {

    public static final int VERSION = 1;
    private static final List<String> MIGRATION_1 = List.of(
            "CREATE TABLE token (id INTEGER PRIMARY KEY AUTOINCREMENT, workspace TEXT NOT NULL, "
                    + "read_only INTEGER NOT NULL, secret_sha256 BLOB NOT NULL, created TEXT NOT NULL, revoked TEXT)");
    private static final String PREFIX = "tdm_";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a valid token grants. */
    public record Grant(long tokenId, String workspace, boolean readOnly) {}

    /** A row as {@code token list} shows it: never the token. */
    public record Info(long id, String workspace, boolean readOnly, Instant created, Optional<Instant> revoked) {}

    private final Connection db;

    private TokenStore(Connection db) {
        this.db = db;
    }

    public static TokenStore open(Path dataDir) throws RelayException {
        try {
            Files.createDirectories(dataDir);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("tokens.db"));
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=5000");
                int version;
                try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
                    version = r.getInt(1);
                }
                if (version > VERSION) {
                    c.close();
                    throw new RelayException(dataDir.resolve("tokens.db") + " was written by a newer version of the Tandem relay"
                            + " (token schema " + version + "; this version knows up to " + VERSION + "). Update the relay"
                            + " to use this data folder; it was left as it is.");
                }
                if (version < 1) {
                    c.setAutoCommit(false);
                    for (String sql : MIGRATION_1) s.execute(sql);
                    s.execute("PRAGMA user_version=1");
                    c.commit();
                    c.setAutoCommit(true);
                }
            }
            return new TokenStore(c);
        } catch (SQLException | java.io.IOException e) {
            throw new RelayException("cannot open the token store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Creates a token; the returned string is the only time it exists outside the client. */
    public synchronized String create(String workspace, boolean readOnly) throws RelayException {
        if (!Names.isSegment(workspace)) {
            throw new IllegalArgumentException("a workspace name is 1-128 of A-Z a-z 0-9 . _ - : " + workspace);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try (PreparedStatement p = db.prepareStatement(
                "INSERT INTO token (workspace, read_only, secret_sha256, created) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, workspace);
            p.setInt(2, readOnly ? 1 : 0);
            p.setBytes(3, sha256(secretText));
            p.setString(4, Instant.now().toString());
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return PREFIX + keys.getLong(1) + "_" + secretText;
            }
        } catch (SQLException e) {
            throw new RelayException("cannot create a token: " + e.getMessage(), e);
        }
    }

    /** The grant of a valid, unrevoked token, or empty. */
    public synchronized Optional<Grant> authenticate(String token) throws RelayException {
        if (token == null || !token.startsWith(PREFIX)) return Optional.empty();
        int sep = token.indexOf('_', PREFIX.length());
        if (sep < 0) return Optional.empty();
        long id;
        try {
            id = Long.parseLong(token.substring(PREFIX.length(), sep));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        byte[] presented = sha256(token.substring(sep + 1));
        try (PreparedStatement p = db.prepareStatement(
                "SELECT workspace, read_only, secret_sha256, revoked FROM token WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) return Optional.empty();
                boolean match = MessageDigest.isEqual(presented, r.getBytes(3));
                if (!match || r.getString(4) != null) return Optional.empty();
                return Optional.of(new Grant(id, r.getString(1), r.getInt(2) != 0));
            }
        } catch (SQLException e) {
            throw new RelayException("cannot read the token store: " + e.getMessage(), e);
        }
    }

    public synchronized List<Info> list() throws RelayException {
        List<Info> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT id, workspace, read_only, created, revoked FROM token ORDER BY id")) {
            while (r.next()) {
                out.add(new Info(r.getLong(1), r.getString(2), r.getInt(3) != 0, Instant.parse(r.getString(4)),
                        Optional.ofNullable(r.getString(5)).map(Instant::parse)));
            }
            return out;
        } catch (SQLException e) {
            throw new RelayException("cannot read the token store: " + e.getMessage(), e);
        }
    }

    /** Revokes a token; false if there is no such id or it was already revoked. */
    public synchronized boolean revoke(long id) throws RelayException {
        try (PreparedStatement p = db.prepareStatement("UPDATE token SET revoked = ? WHERE id = ? AND revoked IS NULL")) {
            p.setString(1, Instant.now().toString());
            p.setLong(2, id);
            return p.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new RelayException("cannot revoke token " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws RelayException {
        try {
            db.close();
        } catch (SQLException e) {
            throw new RelayException("cannot close the token store: " + e.getMessage(), e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
