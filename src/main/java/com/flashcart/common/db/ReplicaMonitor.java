package com.flashcart.common.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Measures how far the replica lags, the pt-heartbeat way: every instance stamps the primary's clock into
 * {@code replica_heartbeat} twice a second, and the age of that stamp as the replica sees it is the lag.
 * The replica is usable while the lag is known, fresh and at most {@code flashcart.replica.max-lag}.
 */
@ApplicationScoped
public class ReplicaMonitor {

    private static final Logger LOG = Logger.getLogger(ReplicaMonitor.class);
    /** How long the heartbeat's write and read may take before the replica counts as unmeasured. */
    private static final Duration CHECK_LIMIT = Duration.ofSeconds(2);

    @Inject
    @DataSource(PrimaryPools.AUTOCOMMIT)
    AgroalDataSource primary;

    @Inject
    @DataSource(ReadSource.REPLICA)
    AgroalDataSource replica;

    @Inject
    ReadConfig config;

    @Inject
    Clock clock;

    private volatile Duration lag;
    private volatile Instant measuredAt = Instant.EPOCH;
    private volatile boolean usable;

    @Scheduled(every = "${flashcart.replica.check-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "0s")
    void measure() {
        stampPrimary();
        boolean wasUsable = usable;
        try (Connection c = replica.getConnection(); NetworkTimeout limit = NetworkTimeout.of(c, CHECK_LIMIT);
                Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery(
                    "SELECT TIMESTAMPDIFF(MICROSECOND, ts, UTC_TIMESTAMP(6)) FROM replica_heartbeat WHERE id = 1")) {
                if (r.next()) {
                    lag = Duration.ofNanos(Math.max(0, r.getLong(1)) * 1000);
                    measuredAt = Instant.now(clock);
                }
            }
        } catch (SQLException e) {
            lag = null;
        }
        usable = evaluate();
        if (wasUsable != usable) {
            LOG.infof("Replica is now %s (lag %s)", usable ? "in use" : "bypassed, reads go to the primary", lag);
        }
    }

    private void stampPrimary() {
        try (Connection c = primary.getConnection(); NetworkTimeout limit = NetworkTimeout.of(c, CHECK_LIMIT);
                PreparedStatement s = c.prepareStatement("INSERT INTO replica_heartbeat (id, ts)"
                        + " VALUES (1, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE ts = VALUES(ts)")) {
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.debugf("Heartbeat not written: %s", e.getMessage());
        }
    }

    private boolean evaluate() {
        Duration known = lag;
        return known != null
                && known.compareTo(config.maxLag()) <= 0
                && Duration.between(measuredAt, Instant.now(clock)).compareTo(config.maxLag()) <= 0;
    }

    /** Whether lagging reads may go to the replica now. Re-evaluated on read so a stalled monitor counts as unusable. */
    public boolean usable() {
        return usable && evaluate();
    }

    /** The last measured lag, or null when the replica could not be asked. */
    public Duration lag() {
        return lag;
    }
}
