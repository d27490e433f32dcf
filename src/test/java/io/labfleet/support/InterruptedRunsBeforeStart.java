package io.labfleet.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

/**
 * What a replica leaves in the database when it stops in the middle of a validation: before the service starts,
 * a READY sandbox with a run RUNNING, claimed by this replica ({@value #REPLICA}) a little earlier, and a run that
 * another replica, still alive, has just claimed. The service then starts as after a crash.
 */
public class InterruptedRunsBeforeStart implements QuarkusTestResourceLifecycleManager {

    public static final String REPLICA = "replica-restarted";
    private static final String RUN_ID = Long.toString(System.nanoTime(), 36);
    public static final String TENANT = "restarted-" + RUN_ID;
    public static final String LEARNER = "alice";
    public static final String INTERRUPTED_RUN = "vr-interrupted-" + RUN_ID;
    public static final String ALIVE_RUN = "vr-alive-" + RUN_ID;
    private static final String SANDBOX = "sb-restarted-" + RUN_ID;

    @Override
    public Map<String, String> start() {
        String url = System.getenv().getOrDefault("LABFLEET_TEST_DB_URL", "jdbc:postgresql://localhost:5432/labfleet_test");
        Flyway.configure().dataSource(url, "labfleet", "labfleet").load().migrate();
        Instant now = Instant.now();
        try (Connection db = DriverManager.getConnection(url, "labfleet", "labfleet")) {
            update(db, "insert into tenant (id, display_name, max_active_sandboxes, max_sandboxes_per_learner, "
                    + "max_lifetime_minutes, created_at, updated_at) values (?, ?, 5, 2, 240, ?, ?) on conflict do nothing",
                    TENANT, TENANT, now, now);
            update(db, "insert into sandbox (id, tenant_id, learner_id, learner_name, lab_id, state, backend, daemon_host, "
                    + "daemon_port, created_at, updated_at, ready_at, expires_at) values "
                    + "(?, ?, ?, ?, 'p3-container-lifecycle', 'READY', 'fake', '127.0.0.1', 2375, ?, ?, ?, ?)",
                    SANDBOX, TENANT, LEARNER, LEARNER, now, now, now, now.plusSeconds(3600));
            run(db, INTERRUPTED_RUN, REPLICA, now.minusSeconds(10));
            run(db, ALIVE_RUN, "replica-alive", now);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("labfleet.validation.replica-id", REPLICA);
    }

    private static void run(Connection db, String id, String replica, Instant startedAt) throws SQLException {
        update(db, "insert into validation_run (id, sandbox_id, tenant_id, learner_id, lab_id, state, claimed_by, "
                + "created_at, started_at, total) values (?, ?, ?, ?, 'p3-container-lifecycle', 'RUNNING', ?, ?, ?, 4)",
                id, SANDBOX, TENANT, LEARNER, replica, startedAt, startedAt);
    }

    private static void update(Connection db, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i] instanceof Instant instant ? Timestamp.from(instant) : values[i]);
            }
            statement.executeUpdate();
        }
    }

    @Override
    public void stop() {
    }
}
