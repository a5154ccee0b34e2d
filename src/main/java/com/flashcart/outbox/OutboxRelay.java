package com.flashcart.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.common.db.Placeholders;
import com.flashcart.common.db.PrimaryPools;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.DataSource;
import io.smallrye.mutiny.Uni;

/**
 * One pass of the outbox relay: claim a batch of unpublished rows, send them to Kafka, mark the acknowledged
 * ones published. Thread-safe and safe across instances: rows are claimed with {@code FOR UPDATE SKIP LOCKED}
 * in a transaction held until the batch is acknowledged and marked, so two relays never claim the same row.
 * The transaction runs at READ COMMITTED, so the claim takes no gap locks and never blocks the payments that
 * insert new rows, however long Kafka takes to answer.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String CLAIM = "SELECT id, event_id, topic, event_key, payload FROM outbox_event"
            + " WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";

    /** What one pass did. {@code sent} rows were handed to Kafka, {@code published} of them acknowledged. */
    public record BatchResult(int claimed, int deferred, int sent, int published, Throwable firstError) {
        static final BatchResult EMPTY = new BatchResult(0, 0, 0, 0, null);

        /** Kafka took none of what was sent: treat it as unreachable. */
        public boolean kafkaRefusedAll() {
            return sent > 0 && published == 0;
        }
    }

    /** The primary's transactional pool: its connections have autocommit off (PrimaryPools). */
    @Inject
    AgroalDataSource dataSource;

    @Inject
    @DataSource(PrimaryPools.AUTOCOMMIT)
    AgroalDataSource autocommit;

    @Inject
    KafkaEventSender sender;

    @Inject
    OutboxConfig config;


    @Inject
    Clock clock;

    @Inject
    Event<OutboxBatchAcknowledged> acknowledged;

    private final Counter publishedCounter;
    private final Counter failedCounter;

    /** Whether the last contact with Kafka succeeded; until it has, a probe precedes each batch. */
    private volatile boolean kafkaConfirmed;

    @Inject
    OutboxRelay(MeterRegistry registry) {
        this.publishedCounter = Counter.builder("flashcart.outbox.published")
                .description("Outbox rows published to Kafka and marked").register(registry);
        this.failedCounter = Counter.builder("flashcart.outbox.publish.failures")
                .description("Outbox rows whose send Kafka did not acknowledge").register(registry);
    }

    /**
     * Claims, publishes and marks one batch. Throws when the database fails or Kafka cannot be reached before
     * anything was claimed; then nothing changed.
     */
    public BatchResult publishBatch() throws SQLException {
        if (!kafkaConfirmed) {
            String topic = oldestPendingTopic();
            if (topic == null) {
                return BatchResult.EMPTY;
            }
            try {
                sender.probe(List.of(topic), config.sendTimeout());
            } catch (RuntimeException e) {
                throw new KafkaUnavailableException(e);
            }
            kafkaConfirmed = true;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // a no-op on this pool, said for the reader
            try {
                // for this transaction only: the session keeps its level, so nothing is switched back
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
                }
                BatchResult result = publishClaimed(c);
                c.commit();
                publishedCounter.increment(result.published());
                failedCounter.increment(result.sent() - result.published());
                if (result.kafkaRefusedAll()) {
                    kafkaConfirmed = false;
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The topic of the oldest unpublished row (the one a batch would send first), or null when none waits. */
    private String oldestPendingTopic() throws SQLException {
        try (Connection c = autocommit.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT topic FROM outbox_event WHERE published_at IS NULL ORDER BY id LIMIT 1");
                ResultSet rs = select.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private BatchResult publishClaimed(Connection c) throws SQLException {
        List<PendingEvent> claimed = claim(c);
        if (claimed.isEmpty()) {
            return BatchResult.EMPTY;
        }
        Set<String> heldBack = keysWithEarlierRowsHeldElsewhere(c, claimed);
        List<PendingEvent> toSend = claimed.stream().filter(e -> !heldBack.contains(e.key())).toList();
        if (toSend.isEmpty()) {
            return new BatchResult(claimed.size(), claimed.size(), 0, 0, null);
        }

        Set<Long> attempted = ConcurrentHashMap.newKeySet();
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        List<Uni<Void>> chains = new ArrayList<>();
        for (List<PendingEvent> sameKey : inKeyChains(toSend)) {
            // one order's rows go one after another: a later row is sent only once the earlier one is acknowledged
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (PendingEvent event : sameKey) {
                chain = chain.chain(() -> {
                    attempted.add(event.id());
                    return sender.send(event).invoke(() -> acked.add(event.id()));
                });
            }
            chains.add(chain.onFailure().recoverWithUni(t -> {
                firstError.compareAndSet(null, t);
                return Uni.createFrom().voidItem();
            }));
        }
        try {
            Uni.join().all(chains).andFailFast().await().atMost(config.sendTimeout());
        } catch (RuntimeException timeout) {
            firstError.compareAndSet(null, timeout);
        }

        List<Long> published = toSend.stream().map(PendingEvent::id).filter(acked::contains).toList();
        List<Long> failed = attempted.stream().filter(id -> !acked.contains(id)).sorted().toList();
        if (!published.isEmpty()) {
            acknowledged.fire(new OutboxBatchAcknowledged(published));
        }
        mark(c, published, true);
        mark(c, failed, false);
        if (firstError.get() != null) {
            LOG.warnf("Kafka did not acknowledge %d of %d outbox rows: %s", toSend.size() - published.size(),
                    toSend.size(), firstError.get().toString());
        }
        return new BatchResult(claimed.size(), claimed.size() - toSend.size(), attempted.size(), published.size(),
                firstError.get());
    }

    private List<PendingEvent> claim(Connection c) throws SQLException {
        List<PendingEvent> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(CLAIM)) {
            s.setInt(1, config.batchSize());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new PendingEvent(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5)));
                }
            }
        }
        return rows;
    }

    /**
     * Keys of the batch that have an earlier unpublished row this relay did not claim: locked by another relay,
     * or skipped. Their rows wait for a later batch, so one order's events never overtake each other.
     */
    private Set<String> keysWithEarlierRowsHeldElsewhere(Connection c, List<PendingEvent> claimed) throws SQLException {
        Set<Long> ids = claimed.stream().map(PendingEvent::id).collect(Collectors.toSet());
        Set<String> keys = claimed.stream().map(PendingEvent::key).collect(Collectors.toCollection(HashSet::new));
        long last = claimed.get(claimed.size() - 1).id();
        String sql = "SELECT id, event_key FROM outbox_event WHERE published_at IS NULL AND id < ? AND event_key IN ("
                + Placeholders.repeated(keys.size(), "?") + ")";
        Set<String> held = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, last);
            int i = 2;
            for (String key : keys) {
                s.setString(i++, key);
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (!ids.contains(r.getLong(1))) {
                        held.add(r.getString(2));
                    }
                }
            }
        }
        return held;
    }

    private static Collection<List<PendingEvent>> inKeyChains(List<PendingEvent> inIdOrder) {
        Map<String, List<PendingEvent>> chains = new LinkedHashMap<>();
        for (PendingEvent e : inIdOrder) {
            chains.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
        }
        return chains.values();
    }

    private void mark(Connection c, List<Long> ids, boolean published) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        String sql = published
                ? "UPDATE outbox_event SET published_at = ?, attempts = attempts + 1 WHERE id IN (" + Placeholders.repeated(ids.size(), "?") + ")"
                : "UPDATE outbox_event SET attempts = attempts + 1 WHERE id IN (" + Placeholders.repeated(ids.size(), "?") + ")";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (published) {
                s.setObject(i++, LocalDateTime.ofInstant(Instant.now(clock), ZoneOffset.UTC));
            }
            for (Long id : ids) {
                s.setLong(i++, id);
            }
            s.executeUpdate();
        }
    }

    /** Kafka could not be reached before anything was claimed. */
    public static class KafkaUnavailableException extends RuntimeException {
        KafkaUnavailableException(Throwable cause) {
            super("Kafka unreachable: " + cause, cause);
        }
    }
}
