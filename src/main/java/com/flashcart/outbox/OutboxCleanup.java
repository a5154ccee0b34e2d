package com.flashcart.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.common.db.PrimaryPools;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes published rows older than {@code flashcart.outbox.retention}, a bounded batch per statement (each its
 * own short transaction), so the table stays small without long locks. Unpublished rows are never deleted.
 */
@ApplicationScoped
public class OutboxCleanup {

    private static final Logger LOG = Logger.getLogger(OutboxCleanup.class);

    /** At most this many batches per run; the next run continues. */
    private static final int MAX_BATCHES_PER_RUN = 100;

    @Inject
    @DataSource(PrimaryPools.AUTOCOMMIT)
    AgroalDataSource dataSource;

    @Inject
    OutboxConfig config;

    @Inject
    Clock clock;

    @Scheduled(every = "${flashcart.outbox.cleanup-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            long deleted = purge();
            if (deleted > 0) {
                LOG.infof("Deleted %d published outbox rows older than %s", deleted, config.retention());
            }
        } catch (SQLException e) {
            LOG.warnf("Outbox cleanup failed, the next run retries: %s", e.toString());
        }
    }

    /** Deletes every expired row, batch by batch; returns how many. */
    public long purge() throws SQLException {
        long total = 0;
        for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
            int deleted = deleteOneBatch();
            total += deleted;
            if (deleted < config.cleanupBatchSize()) {
                break;
            }
        }
        return total;
    }

    /** Deletes at most {@code cleanup-batch-size} expired rows, oldest first. */
    public int deleteOneBatch() throws SQLException {
        Instant cutoff = Instant.now(clock).minus(config.retention());
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM outbox_event"
                        + " WHERE published_at IS NOT NULL AND published_at < ? ORDER BY published_at LIMIT ?")) {
            s.setObject(1, LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            s.setInt(2, config.cleanupBatchSize());
            return s.executeUpdate();
        }
    }
}
