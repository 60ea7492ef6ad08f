package dev.kiln.tune;

import dev.kiln.io.Json;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Studies in a relational database through JDBC — by default an SQLite file
 * ({@code jdbc:sqlite:study.db}), which survives {@code kill -9} (every change is a committed
 * transaction in write-ahead-log mode) and can be shared by several processes at once (SQLite's
 * file locks; a trial number is taken inside a write transaction, so numbers never repeat).
 *
 * <p>Each RUNNING trial records its owner (host, process id and process start time) and a heartbeat
 * that a background thread refreshes every {@value #HEARTBEAT_SECONDS} s. {@link #failStaleTrials}
 * marks FAIL a RUNNING trial whose owner is a process of this machine that no longer exists, or
 * whose heartbeat is older than {@value #GRACE_SECONDS} s.
 */
final class JdbcStorage implements Storage {
    static final int HEARTBEAT_SECONDS = 30;
    static final int GRACE_SECONDS = 300;

    private final String url;
    private final Connection conn;
    private final String owner = ownerId();
    private final Set<Long> ownedRunning = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat;

    JdbcStorage(String url) {
        this.url = url;
        try {
            Properties props = new Properties();
            boolean sqlite = url.startsWith("jdbc:sqlite:");
            if (sqlite) {
                props.setProperty("transaction_mode", "IMMEDIATE");
                props.setProperty("busy_timeout", "60000");
                props.setProperty("journal_mode", "WAL");
                props.setProperty("synchronous", "NORMAL"); // in WAL mode: durable across process crashes (kill -9)
                props.setProperty("foreign_keys", "true");
            }
            conn = DriverManager.getConnection(url, props);
            createSchema();
        } catch (SQLException e) {
            throw new IllegalArgumentException("storage " + url + ": cannot open the database: " + e.getMessage(), e);
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("kiln-tune-heartbeat").factory());
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    private static String ownerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown";
        }
        ProcessHandle me = ProcessHandle.current();
        long started = me.info().startInstant().map(Instant::toEpochMilli).orElse(ManagementFactory.getRuntimeMXBean().getStartTime());
        return host + "|" + me.pid() + "|" + started;
    }

    private void createSchema() throws SQLException {
        synchronized (this) {
            try (Statement s = conn.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS studies (id INTEGER PRIMARY KEY, name VARCHAR(512) NOT NULL UNIQUE, "
                        + "directions VARCHAR(512) NOT NULL)");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS trials (id INTEGER PRIMARY KEY, study_id INTEGER NOT NULL REFERENCES studies(id), "
                        + "number INTEGER NOT NULL, state VARCHAR(16) NOT NULL, trial_values TEXT, constraint_values TEXT, "
                        + "start_ms BIGINT, complete_ms BIGINT, owner VARCHAR(512), heartbeat_ms BIGINT, UNIQUE (study_id, number))");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS params (trial_id INTEGER NOT NULL REFERENCES trials(id), "
                        + "name VARCHAR(512) NOT NULL, ord INTEGER NOT NULL, distribution TEXT NOT NULL, internal_value DOUBLE PRECISION NOT NULL, "
                        + "PRIMARY KEY (trial_id, name))");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS intermediate_values (trial_id INTEGER NOT NULL REFERENCES trials(id), "
                        + "step INTEGER NOT NULL, value_text VARCHAR(64) NOT NULL, PRIMARY KEY (trial_id, step))");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS study_attrs (study_id INTEGER NOT NULL REFERENCES studies(id), "
                        + "name VARCHAR(512) NOT NULL, value_json TEXT NOT NULL, PRIMARY KEY (study_id, name))");
                s.executeUpdate("CREATE TABLE IF NOT EXISTS attrs (trial_id INTEGER NOT NULL REFERENCES trials(id), "
                        + "kind VARCHAR(8) NOT NULL, name VARCHAR(512) NOT NULL, value_json TEXT NOT NULL, PRIMARY KEY (trial_id, kind, name))");
            }
            if (!conn.getAutoCommit()) {
                conn.commit();
            }
        }
    }

    /** Runs {@code body} in one transaction, retrying once when the database is busy. */
    private synchronized <T> T tx(String what, SqlBody<T> body) {
        try {
            conn.setAutoCommit(false);
            try {
                T out = body.run(conn);
                conn.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("storage " + url + ": " + what + " failed: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SqlBody<T> {
        T run(Connection c) throws SQLException;
    }

    @Override
    public long createStudy(String name, List<StudyDirection> directions) {
        return tx("create study " + name, c -> {
            if (findStudyIn(c, name).isPresent()) {
                throw new IllegalArgumentException("storage: a study named '" + name + "' already exists in " + url);
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO studies (name, directions) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, name);
                p.setString(2, Json.write(directions.stream().map(Enum::name).toList()));
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    k.next();
                    return k.getLong(1);
                }
            }
        });
    }

    private static Optional<Long> findStudyIn(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM studies WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<Long> findStudy(String name) {
        return tx("find study", c -> findStudyIn(c, name));
    }

    @Override
    public List<StudyDirection> directions(long studyId) {
        return tx("read directions", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT directions FROM studies WHERE id = ?")) {
                p.setLong(1, studyId);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        throw new IllegalArgumentException("storage: no study with id " + studyId);
                    }
                    List<StudyDirection> out = new ArrayList<>();
                    for (Object o : (List<?>) Json.parse(r.getString(1))) {
                        out.add(StudyDirection.valueOf((String) o));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public List<String> studyNames() {
        return tx("list studies", c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT name FROM studies ORDER BY id")) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public FrozenTrial createTrial(long studyId, TrialState state, Map<String, Object> fixedParams) {
        if (state != TrialState.RUNNING && state != TrialState.WAITING) {
            throw new IllegalArgumentException("storage: a new trial is RUNNING or WAITING, not " + state);
        }
        long now = System.currentTimeMillis();
        int number = tx("create trial", c -> {
            int next;
            try (PreparedStatement p = c.prepareStatement("SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = ?")) {
                p.setLong(1, studyId);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    next = r.getInt(1);
                }
            }
            long trialId;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO trials (study_id, number, state, start_ms, owner, heartbeat_ms) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                p.setLong(1, studyId);
                p.setInt(2, next);
                p.setString(3, state.name());
                setLongOrNull(p, 4, state == TrialState.RUNNING ? now : null);
                p.setString(5, state == TrialState.RUNNING ? owner : null);
                setLongOrNull(p, 6, state == TrialState.RUNNING ? now : null);
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    k.next();
                    trialId = k.getLong(1);
                }
            }
            if (!fixedParams.isEmpty()) {
                putAttr(c, trialId, "system", Trial.FIXED_PARAMS, new LinkedHashMap<>(fixedParams));
            }
            if (state == TrialState.RUNNING) {
                ownedRunning.add(trialId);
            }
            return next;
        });
        return trial(studyId, number);
    }

    private static void setLongOrNull(PreparedStatement p, int i, Long v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.BIGINT);
        } else {
            p.setLong(i, v);
        }
    }

    @Override
    public Optional<FrozenTrial> claimWaitingTrial(long studyId) {
        long now = System.currentTimeMillis();
        Optional<Integer> claimed = tx("claim an enqueued trial", c -> {
            long id;
            int number;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, number FROM trials WHERE study_id = ? AND state = 'WAITING' ORDER BY number LIMIT 1")) {
                p.setLong(1, studyId);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    id = r.getLong(1);
                    number = r.getInt(2);
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE trials SET state = 'RUNNING', start_ms = ?, owner = ?, heartbeat_ms = ? WHERE id = ? AND state = 'WAITING'")) {
                p.setLong(1, now);
                p.setString(2, owner);
                p.setLong(3, now);
                p.setLong(4, id);
                if (p.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            ownedRunning.add(id);
            return Optional.of(number);
        });
        return claimed.map(n -> trial(studyId, n));
    }

    private static long trialId(Connection c, long studyId, int number) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM trials WHERE study_id = ? AND number = ?")) {
            p.setLong(1, studyId);
            p.setInt(2, number);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalArgumentException("storage: no trial " + number + " in study " + studyId);
                }
                return r.getLong(1);
            }
        }
    }

    private static long runningTrialId(Connection c, long studyId, int number) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id, state FROM trials WHERE study_id = ? AND number = ?")) {
            p.setLong(1, studyId);
            p.setInt(2, number);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    throw new IllegalArgumentException("storage: no trial " + number + " in study " + studyId);
                }
                if (!"RUNNING".equals(r.getString(2))) {
                    throw new IllegalStateException("trial " + number + " is " + r.getString(2) + ", not RUNNING");
                }
                return r.getLong(1);
            }
        }
    }

    @Override
    public void setParam(long studyId, int number, String name, Distribution distribution, Object value) {
        double internal = distribution.toInternal(value);
        tx("set param " + name, c -> {
            long id = runningTrialId(c, studyId, number);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO params (trial_id, name, ord, distribution, internal_value) "
                    + "VALUES (?, ?, (SELECT COUNT(*) FROM params WHERE trial_id = ?), ?, ?)")) {
                p.setLong(1, id);
                p.setString(2, name);
                p.setLong(3, id);
                p.setString(4, Json.write(distribution.toMap()));
                p.setDouble(5, internal);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void setIntermediateValue(long studyId, int number, int step, double value) {
        tx("report step " + step, c -> {
            long id = runningTrialId(c, studyId, number);
            try (PreparedStatement d = c.prepareStatement("DELETE FROM intermediate_values WHERE trial_id = ? AND step = ?")) {
                d.setLong(1, id);
                d.setInt(2, step);
                d.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO intermediate_values (trial_id, step, value_text) VALUES (?, ?, ?)")) {
                p.setLong(1, id);
                p.setInt(2, step);
                p.setString(3, Double.toString(value));
                p.executeUpdate();
            }
            touch(c, id);
            return null;
        });
    }

    private static void touch(Connection c, long trialId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE trials SET heartbeat_ms = ? WHERE id = ?")) {
            p.setLong(1, System.currentTimeMillis());
            p.setLong(2, trialId);
            p.executeUpdate();
        }
    }

    private static String attrJson(String key, Object value) {
        try {
            return Json.write(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attribute '" + key + "': " + e.getMessage()
                    + " (attributes are strings, numbers, booleans, lists and maps)", e);
        }
    }

    @Override
    public void setStudyAttr(long studyId, String key, Object value) {
        String json = attrJson(key, value);
        tx("set study attribute " + key, c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM study_attrs WHERE study_id = ? AND name = ?")) {
                d.setLong(1, studyId);
                d.setString(2, key);
                d.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO study_attrs (study_id, name, value_json) VALUES (?, ?, ?)")) {
                p.setLong(1, studyId);
                p.setString(2, key);
                p.setString(3, json);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Map<String, Object> studyAttrs(long studyId) {
        return tx("read study attributes", c -> {
            Map<String, Object> out = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT name, value_json FROM study_attrs WHERE study_id = ? ORDER BY name")) {
                p.setLong(1, studyId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getString(1), Json.parse(r.getString(2)));
                    }
                }
            }
            return out;
        });
    }

    private static void putAttr(Connection c, long trialId, String kind, String key, Object value) throws SQLException {
        String json = attrJson(key, value);
        try (PreparedStatement d = c.prepareStatement("DELETE FROM attrs WHERE trial_id = ? AND kind = ? AND name = ?")) {
            d.setLong(1, trialId);
            d.setString(2, kind);
            d.setString(3, key);
            d.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO attrs (trial_id, kind, name, value_json) VALUES (?, ?, ?, ?)")) {
            p.setLong(1, trialId);
            p.setString(2, kind);
            p.setString(3, key);
            p.setString(4, json);
            p.executeUpdate();
        }
    }

    @Override
    public void setUserAttr(long studyId, int number, String key, Object value) {
        tx("set user attribute " + key, c -> {
            putAttr(c, trialId(c, studyId, number), "user", key, value);
            return null;
        });
    }

    @Override
    public void setSystemAttr(long studyId, int number, String key, Object value) {
        tx("set system attribute " + key, c -> {
            putAttr(c, trialId(c, studyId, number), "system", key, value);
            return null;
        });
    }

    @Override
    public void setConstraints(long studyId, int number, List<Double> constraints) {
        tx("set constraints", c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE trials SET constraint_values = ? WHERE id = ?")) {
                p.setString(1, Json.write(constraints));
                p.setLong(2, trialId(c, studyId, number));
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void finishTrial(long studyId, int number, TrialState state, List<Double> values) {
        if (!state.isFinished()) {
            throw new IllegalArgumentException("storage: a trial finishes as COMPLETE, PRUNED or FAIL, not " + state);
        }
        tx("finish trial " + number, c -> {
            long id = runningTrialId(c, studyId, number);
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE trials SET state = ?, trial_values = ?, complete_ms = ? WHERE id = ? AND state = 'RUNNING'")) {
                p.setString(1, state.name());
                p.setString(2, Json.write(values));
                p.setLong(3, System.currentTimeMillis());
                p.setLong(4, id);
                p.executeUpdate();
            }
            ownedRunning.remove(id);
            return null;
        });
    }

    @Override
    public FrozenTrial trial(long studyId, int number) {
        List<FrozenTrial> one = read(studyId, number);
        if (one.isEmpty()) {
            throw new IllegalArgumentException("storage: no trial " + number + " in study " + studyId);
        }
        return one.getFirst();
    }

    @Override
    public List<FrozenTrial> trials(long studyId) {
        return read(studyId, -1);
    }

    /** Reads one trial (number ≥ 0) or all of them (number −1), in four queries. */
    private List<FrozenTrial> read(long studyId, int number) {
        return tx("read trials", c -> {
            String only = number >= 0 ? " AND t.number = " + number : "";
            Map<Long, Builder> byId = new LinkedHashMap<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, number, state, trial_values, constraint_values, start_ms, complete_ms "
                    + "FROM trials t WHERE study_id = ?" + only + " ORDER BY number")) {
                p.setLong(1, studyId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        Builder b = new Builder();
                        b.number = r.getInt(2);
                        b.state = TrialState.valueOf(r.getString(3));
                        b.values = doubles(r.getString(4));
                        b.constraints = doubles(r.getString(5));
                        long s = r.getLong(6);
                        b.start = r.wasNull() ? null : Instant.ofEpochMilli(s);
                        long e = r.getLong(7);
                        b.complete = r.wasNull() ? null : Instant.ofEpochMilli(e);
                        byId.put(r.getLong(1), b);
                    }
                }
            }
            if (byId.isEmpty()) {
                return List.of();
            }
            String join = " FROM %s x JOIN trials t ON t.id = x.trial_id WHERE t.study_id = ?" + only;
            try (PreparedStatement p = c.prepareStatement("SELECT x.trial_id, x.name, x.distribution, x.internal_value"
                    + join.formatted("params") + " ORDER BY x.trial_id, x.ord")) {
                p.setLong(1, studyId);
                try (ResultSet r = p.executeQuery()) {
                    Map<String, Distribution> cache = new HashMap<>();
                    while (r.next()) {
                        Builder b = byId.get(r.getLong(1));
                        Distribution d = cache.computeIfAbsent(r.getString(3), json -> Distributions.fromMap(Json.parseObject(json)));
                        b.distributions.put(r.getString(2), d);
                        b.params.put(r.getString(2), d.toExternal(r.getDouble(4)));
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT x.trial_id, x.step, x.value_text" + join.formatted("intermediate_values"))) {
                p.setLong(1, studyId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        byId.get(r.getLong(1)).intermediate.put(r.getInt(2), Double.parseDouble(r.getString(3)));
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT x.trial_id, x.kind, x.name, x.value_json" + join.formatted("attrs"))) {
                p.setLong(1, studyId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        Builder b = byId.get(r.getLong(1));
                        Object v = Json.parse(r.getString(4));
                        ("user".equals(r.getString(2)) ? b.userAttrs : b.systemAttrs).put(r.getString(3), v);
                    }
                }
            }
            List<FrozenTrial> out = new ArrayList<>();
            for (Builder b : byId.values()) {
                out.add(new FrozenTrial(b.number, b.state, b.params, b.distributions, b.values, b.intermediate,
                        b.constraints, b.userAttrs, b.systemAttrs, b.start, b.complete));
            }
            return out;
        });
    }

    private static final class Builder {
        int number;
        TrialState state;
        List<Double> values;
        List<Double> constraints;
        Instant start;
        Instant complete;
        final Map<String, Object> params = new LinkedHashMap<>();
        final Map<String, Distribution> distributions = new LinkedHashMap<>();
        final TreeMap<Integer, Double> intermediate = new TreeMap<>();
        final Map<String, Object> userAttrs = new LinkedHashMap<>();
        final Map<String, Object> systemAttrs = new LinkedHashMap<>();
    }

    private static List<Double> doubles(String json) {
        if (json == null) {
            return List.of();
        }
        List<Double> out = new ArrayList<>();
        for (Object o : (List<?>) Json.parse(json)) {
            out.add(o instanceof Number n ? n.doubleValue() : Double.parseDouble((String) o));
        }
        return out;
    }

    @Override
    public List<Integer> failStaleTrials(long studyId) {
        long now = System.currentTimeMillis();
        String host = owner.substring(0, owner.indexOf('|'));
        return tx("fail stale trials", c -> {
            List<Long> ids = new ArrayList<>();
            List<Integer> numbers = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, number, owner, heartbeat_ms FROM trials WHERE study_id = ? AND state = 'RUNNING'")) {
                p.setLong(1, studyId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        String o = r.getString(3);
                        long beat = r.getLong(4);
                        if (isDead(o, beat, host, now)) {
                            ids.add(r.getLong(1));
                            numbers.add(r.getInt(2));
                        }
                    }
                }
            }
            for (long id : ids) {
                try (PreparedStatement p = c.prepareStatement(
                        "UPDATE trials SET state = 'FAIL', trial_values = '[]', complete_ms = ? WHERE id = ? AND state = 'RUNNING'")) {
                    p.setLong(1, now);
                    p.setLong(2, id);
                    p.executeUpdate();
                }
                putAttr(c, id, "system", Trial.FAIL_REASON, "its process died while it was running");
            }
            return numbers;
        });
    }

    private boolean isDead(String trialOwner, long heartbeatMs, String host, long now) {
        if (owner.equals(trialOwner)) {
            return false;
        }
        String[] parts = trialOwner == null ? new String[0] : trialOwner.split("\\|");
        if (parts.length == 3 && parts[0].equals(host)) {
            long pid = Long.parseLong(parts[1]);
            long started = Long.parseLong(parts[2]);
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            return h.isEmpty() || !h.get().isAlive()
                    || h.get().info().startInstant().map(i -> Math.abs(i.toEpochMilli() - started) > 1000).orElse(false);
        }
        return now - heartbeatMs > GRACE_SECONDS * 1000L;
    }

    private void beat() {
        if (ownedRunning.isEmpty()) {
            return;
        }
        try {
            tx("heartbeat", c -> {
                for (long id : ownedRunning) {
                    touch(c, id);
                }
                return null;
            });
        } catch (RuntimeException e) {
            // a missed heartbeat is retried at the next one
        }
    }

    @Override
    public synchronized void close() {
        heartbeat.shutdownNow();
        try {
            conn.close();
        } catch (SQLException e) {
            throw new IllegalStateException("storage " + url + ": close failed: " + e.getMessage(), e);
        }
    }
}
