package com.flashcart.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.common.db.PrimaryPools;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.DataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * How far the relay is behind: rows waiting and the age of the oldest. Sampled on a schedule (also while Kafka
 * is down, when the relay itself is backing off) and exported as gauges: {@code flashcart_outbox_pending_rows}
 * and {@code flashcart_outbox_oldest_pending_age_seconds}.
 */
@ApplicationScoped
public class OutboxLag {

    private static final Logger LOG = Logger.getLogger(OutboxLag.class);

    public record Sample(long pending, Duration oldestAge) {
    }

    @Inject
    @DataSource(PrimaryPools.AUTOCOMMIT)
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    private volatile Sample last = new Sample(0, Duration.ZERO);

    @Inject
    OutboxLag(MeterRegistry registry) {
        Gauge.builder("flashcart.outbox.pending", this, lag -> lag.last.pending())
                .description("Outbox rows not yet published to Kafka").baseUnit("rows").register(registry);
        Gauge.builder("flashcart.outbox.oldest.pending.age", this, lag -> lag.last.oldestAge().toMillis() / 1000.0)
                .description("Age of the oldest outbox row not yet published to Kafka").baseUnit("seconds")
                .register(registry);
    }

    @Scheduled(every = "${flashcart.outbox.lag-sample-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            sample();
        } catch (SQLException e) {
            LOG.debugf("Outbox lag not sampled: %s", e.toString());
        }
    }

    /** Reads the lag now (and keeps it for the gauges). */
    public Sample sample() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT COUNT(*), MIN(created_at) FROM outbox_event WHERE published_at IS NULL");
                ResultSet r = s.executeQuery()) {
            r.next();
            long pending = r.getLong(1);
            LocalDateTime oldest = r.getObject(2, LocalDateTime.class);
            Duration age = oldest == null ? Duration.ZERO
                    : Duration.between(oldest.toInstant(ZoneOffset.UTC), Instant.now(clock));
            Sample sample = new Sample(pending, age.isNegative() ? Duration.ZERO : age);
            last = sample;
            return sample;
        }
    }
}
