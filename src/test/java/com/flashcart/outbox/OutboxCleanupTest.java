package com.flashcart.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.flashcart.common.db.PrimaryPools;
import com.flashcart.support.KafkaTopics;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Published rows past the retention go, in bounded batches; recent and unpublished rows stay. */
@QuarkusTest
@QuarkusTestResource(KafkaTopics.class)
class OutboxCleanupTest {

    @Inject
    OutboxCleanup cleanup;

    @Inject
    @DataSource(PrimaryPools.AUTOCOMMIT)
    AgroalDataSource dataSource;

    @Inject
    OutboxConfig config;

    @Inject
    RelayWorker worker;

    @Test
    void deletesPublishedRowsPastRetentionInBatches() throws Exception {
        String tag = "cleanup-" + UUID.randomUUID().toString().substring(0, 8);
        worker.pause(); // the unpublished rows must stay unpublished while we look
        try {
            purgeAndCheck(tag);
        } finally {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "DELETE FROM outbox_event WHERE event_key = ?")) {
                s.setString(1, tag);
                s.executeUpdate();
            }
            worker.resume();
        }
    }

    private void purgeAndCheck(String tag) throws Exception {
        // 120 published 8 days ago, 5 published 6 days ago, 3 never published and 30 days old
        insert(tag, 120, "UTC_TIMESTAMP(6) - INTERVAL 8 DAY");
        insert(tag, 5, "UTC_TIMESTAMP(6) - INTERVAL 6 DAY");
        insert(tag, 3, null);
        cleanup.purge(); // anything older left by other tests
        assertEquals(50, config.cleanupBatchSize());

        insert(tag, 60, "UTC_TIMESTAMP(6) - INTERVAL 9 DAY");
        assertEquals(50, cleanup.deleteOneBatch(), "one statement deletes one batch");
        assertEquals(10, count(tag, "published_at < UTC_TIMESTAMP(6) - INTERVAL 7 DAY"));
        assertEquals(10, cleanup.purge());

        assertEquals(0, count(tag, "published_at < UTC_TIMESTAMP(6) - INTERVAL 7 DAY"));
        assertEquals(5, count(tag, "published_at IS NOT NULL"), "rows within the retention stay");
        assertEquals(3, count(tag, "published_at IS NULL"), "unpublished rows are never deleted, however old");
    }

    private void insert(String tag, int rows, String publishedAt) throws Exception {
        // event_key carries the tag
        String sql = "INSERT INTO outbox_event (event_id, event_type, topic, event_key, payload, created_at, published_at)"
                + " VALUES (?, 'PaymentCompleted', ?, ?, '{}', UTC_TIMESTAMP(6) - INTERVAL 30 DAY, "
                + (publishedAt == null ? "NULL" : publishedAt) + ")";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < rows; i++) {
                s.setString(1, UUID.randomUUID().toString());
                s.setString(2, KafkaTopics.paymentCompleted());
                s.setString(3, tag);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private long count(String tag, String condition) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM outbox_event WHERE event_key = ? AND " + condition)) {
            s.setString(1, tag);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
