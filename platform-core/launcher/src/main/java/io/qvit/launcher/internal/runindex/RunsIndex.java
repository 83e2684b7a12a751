package io.qvit.launcher.internal.runindex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The index of the finished run folders below a runs root: the SQLite database
 * {@code <root>/runs-index.sqlite} with a {@code runs} table (one row per folder) and a
 * {@code set_results} table (one row per folder and evaluation set); see docs/runs-index.md. It
 * runs in WAL mode with a busy timeout and takes the write lock at the start of each write
 * transaction, so runs finishing at once (even in separate processes) queue instead of failing.
 */
public final class RunsIndex implements AutoCloseable {
    /** The database's file name inside the runs root. */
    public static final String FILE = "runs-index.sqlite";
    private static final int SCHEMA_VERSION = 1;
    private static final int OPEN_ATTEMPTS = 20;
    private static final String COLUMNS = "r.path, r.experiment, r.config_hash, r.status, r.arch, r.method, r.wbits, r.abits, "
            + "r.seed, r.is_repeat, r.calib_seconds, r.total_seconds, r.finished, r.qvit_commit, r.qvit_version, "
            + "s.set_name, s.images, s.fp32_top1, s.fp32_top5, s.quant_top1, s.quant_top5";

    private final Path root;
    private final Connection db;

    private RunsIndex(Path root, Connection db) {
        this.root = root;
        this.db = db;
    }

    /** Whether {@code root} holds an index database. */
    public static boolean exists(Path root) {
        return Files.isRegularFile(root.resolve(FILE));
    }

    /**
     * Opens (creating when missing) the index of {@code root}. Two processes opening a new index at
     * the same moment can meet SQLite's BUSY while one of them switches the file to WAL, a step the
     * busy timeout does not always cover; opening is then retried ({@link BusyRetry}, up to {@value #OPEN_ATTEMPTS} times).
     */
    public static RunsIndex open(Path root) throws RunsIndexException {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new RunsIndexException(root + ": cannot create the runs root: " + e.getMessage(), e);
        }
        Path file = root.resolve(FILE);
        return BusyRetry.run(file, () -> connect(root, file), OPEN_ATTEMPTS);
    }

    private static RunsIndex connect(Path root, Path file) throws SQLException {
        Properties p = new Properties();
        p.setProperty("busy_timeout", "60000");
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "NORMAL");
        p.setProperty("foreign_keys", "true");
        p.setProperty("transaction_mode", "IMMEDIATE");
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), p);
        try {
            RunsIndex index = new RunsIndex(root, c);
            index.createSchema();
            return index;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /** The runs root this index covers. */
    public Path root() {
        return root;
    }

    private void createSchema() throws SQLException {
        inTransaction(() -> {
            try (Statement st = db.createStatement()) {
                st.executeUpdate("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
                st.executeUpdate("CREATE TABLE IF NOT EXISTS runs (path TEXT PRIMARY KEY, experiment TEXT NOT NULL, "
                        + "config_hash TEXT NOT NULL, status TEXT, arch TEXT, method TEXT, wbits INTEGER, abits INTEGER, "
                        + "seed INTEGER, is_repeat INTEGER NOT NULL, calib_seconds REAL, total_seconds REAL, finished TEXT, "
                        + "qvit_commit TEXT, qvit_version TEXT)");
                st.executeUpdate("CREATE TABLE IF NOT EXISTS set_results (path TEXT NOT NULL REFERENCES runs(path) ON DELETE CASCADE, "
                        + "set_name TEXT NOT NULL, images INTEGER, fp32_top1 REAL, fp32_top5 REAL, quant_top1 REAL, "
                        + "quant_top5 REAL, PRIMARY KEY (path, set_name))");
                st.executeUpdate("CREATE INDEX IF NOT EXISTS runs_hash ON runs(config_hash)");
                st.executeUpdate("CREATE INDEX IF NOT EXISTS runs_method ON runs(method, wbits, abits)");
                st.executeUpdate("INSERT OR IGNORE INTO meta VALUES ('schema_version', '" + SCHEMA_VERSION + "')");
            }
        });
    }

    /** Records (or replaces) the run in {@code folder}. */
    public RunRecord record(Path folder) throws RunsIndexException {
        RunRecord r = RunFolderReader.read(root, folder);
        write(List.of(r), List.of(), false);
        return r;
    }

    /**
     * Brings the index in line with the folders: every folder below the root holding a
     * {@code results.json} is (re)recorded, every row whose folder is gone is dropped. With
     * {@code dropFirst} the tables are emptied first (a rebuild from scratch). Folders that cannot
     * be read are skipped and reported in the result.
     */
    public SyncResult sync(boolean dropFirst) throws RunsIndexException {
        List<RunRecord> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : (Iterable<Path>) walk.filter(p -> p.getFileName().toString().equals("results.json"))::iterator) {
                try {
                    found.add(RunFolderReader.read(root, f.getParent()));
                } catch (RunsIndexException e) {
                    problems.add(e.getMessage());
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new RunsIndexException(root + ": cannot walk the runs root: " + e.getMessage(), e);
        }
        List<String> known = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT path FROM runs"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                known.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        List<String> gone = new ArrayList<>(known);
        gone.removeAll(found.stream().map(RunRecord::path).toList());
        write(found, gone, dropFirst);
        return new SyncResult(found.size(), dropFirst ? known.size() : gone.size(), problems);
    }

    /**
     * What {@link #sync} did.
     *
     * @param recorded run folders recorded
     * @param dropped rows dropped (folders gone; with a rebuild, every former row)
     * @param problems one line per folder that could not be read
     */
    public record SyncResult(int recorded, int dropped, List<String> problems) {
    }

    private void write(List<RunRecord> records, List<String> drop, boolean dropAll) throws RunsIndexException {
        try {
            inTransaction(() -> {
                if (dropAll) {
                    try (Statement st = db.createStatement()) {
                        st.executeUpdate("DELETE FROM set_results");
                        st.executeUpdate("DELETE FROM runs");
                    }
                }
                try (PreparedStatement del = db.prepareStatement("DELETE FROM runs WHERE path = ?")) {
                    for (String path : drop) {
                        del.setString(1, path);
                        del.executeUpdate();
                    }
                }
                try (PreparedStatement run = db.prepareStatement("INSERT OR REPLACE INTO runs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
                     PreparedStatement clear = db.prepareStatement("DELETE FROM set_results WHERE path = ?");
                     PreparedStatement set = db.prepareStatement("INSERT INTO set_results VALUES (?,?,?,?,?,?,?)")) {
                    for (RunRecord r : records) {
                        clear.setString(1, r.path());
                        clear.executeUpdate();
                        int i = 1;
                        run.setString(i++, r.path());
                        run.setString(i++, r.experiment());
                        run.setString(i++, r.configHash());
                        run.setString(i++, r.status());
                        run.setString(i++, r.arch());
                        run.setString(i++, r.method());
                        setNumber(run, i++, r.wbits());
                        setNumber(run, i++, r.abits());
                        setNumber(run, i++, r.seed());
                        run.setInt(i++, r.repeat() ? 1 : 0);
                        setNumber(run, i++, r.calibSeconds());
                        setNumber(run, i++, r.totalSeconds());
                        run.setString(i++, r.finished());
                        run.setString(i++, r.commit());
                        run.setString(i, r.version());
                        run.executeUpdate();
                        for (SetResult s : r.sets()) {
                            set.setString(1, r.path());
                            set.setString(2, s.set());
                            set.setLong(3, s.images());
                            setNumber(set, 4, s.fp32Top1());
                            setNumber(set, 5, s.fp32Top5());
                            setNumber(set, 6, s.quantTop1());
                            setNumber(set, 7, s.quantTop5());
                            set.executeUpdate();
                        }
                    }
                }
            });
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs matching {@code where}, one entry per run and evaluation set, newest first; {@code limit} ≤ 0: all. */
    public List<IndexedRun> list(WhereClause where, int limit) throws RunsIndexException {
        String sql = "SELECT " + COLUMNS + " FROM runs r LEFT JOIN set_results s ON s.path = r.path WHERE " + where.sql()
                + " ORDER BY r.finished DESC, r.path, s.set_name" + (limit > 0 ? " LIMIT ?" : "");
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            int i = 1;
            for (Object p : where.parameters()) {
                ps.setObject(i++, p);
            }
            if (limit > 0) {
                ps.setInt(i, limit);
            }
            List<IndexedRun> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The paths (relative to the root) of the runs whose config hash starts with {@code prefix} (hex digits only). */
    public List<String> byHashPrefix(String prefix) throws RunsIndexException {
        if (!prefix.matches("[0-9a-f]+")) {
            return List.of();
        }
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT path FROM runs WHERE substr(config_hash, 1, ?) = ? ORDER BY path")) {
            ps.setInt(1, prefix.length());
            ps.setString(2, prefix);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static IndexedRun row(ResultSet rs) throws SQLException {
        String setName = rs.getString("set_name");
        SetResult set = setName == null ? null : new SetResult(setName, rs.getLong("images"), real(rs, "fp32_top1"),
                real(rs, "fp32_top5"), real(rs, "quant_top1"), real(rs, "quant_top5"));
        Long seed = rs.getObject("seed") == null ? null : rs.getLong("seed");
        RunRecord run = new RunRecord(rs.getString("path"), rs.getString("experiment"), rs.getString("config_hash"),
                rs.getString("status"), rs.getString("arch"), rs.getString("method"), integer(rs, "wbits"),
                integer(rs, "abits"), seed, rs.getInt("is_repeat") != 0, real(rs, "calib_seconds"),
                real(rs, "total_seconds"), rs.getString("finished"), rs.getString("qvit_commit"),
                rs.getString("qvit_version"), set == null ? List.of() : List.of(set));
        return new IndexedRun(run, set);
    }

    private static Double real(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static void setNumber(PreparedStatement ps, int i, Number n) throws SQLException {
        if (n == null) {
            ps.setNull(i, Types.NULL);
        } else if (n instanceof Double d) {
            ps.setDouble(i, d);
        } else {
            ps.setLong(i, n.longValue());
        }
    }

    /** A unit of work run in one write transaction. */
    private interface Work {
        void run() throws SQLException;
    }

    private void inTransaction(Work work) throws SQLException {
        db.setAutoCommit(false);
        try {
            work.run();
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    private RunsIndexException failure(SQLException e) {
        return new RunsIndexException(root.resolve(FILE) + ": " + e.getMessage(), e);
    }

    @Override
    public void close() throws RunsIndexException {
        try {
            db.close();
        } catch (SQLException e) {
            throw failure(e);
        }
    }
}
