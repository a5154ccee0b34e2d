package com.flashcart.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flashcart.common.db.PrimaryPools;
import com.flashcart.order.OrderCancelled;
import com.flashcart.payment.PaymentCompleted;
import com.flashcart.support.KafkaTopics;
import com.flashcart.support.TopicReader.Received;
import com.flashcart.support.TopicReader;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Committed outbox rows reach Kafka once each, with key, value and eventId header; nothing else does. */
@QuarkusTest
@QuarkusTestResource(KafkaTopics.class)
class OutboxRelayTest {

    private static final Duration PUBLISHED_WITHIN = Duration.ofSeconds(30);

    @Inject
    Outbox outbox;

    @Inject
    @DataSource(PrimaryPools.AUTOCOMMIT)
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    RelayWorker worker;

    @Test
    void everyCommittedEventArrivesOnceWithKeyValueAndEventIdHeader() throws Exception {
        Map<String, PaymentCompleted> paid = new HashMap<>();
        Map<String, OrderCancelled> cancelled = new HashMap<>();
        for (int tx = 0; tx < 10; tx++) {
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < 4; i++) {
                    long order = TestEvents.newOrderId();
                    PaymentCompleted p = TestEvents.paid(order, 1000 + i);
                    TestEvents.add(outbox, p);
                    paid.put(p.eventId(), p);
                }
                long order = TestEvents.newOrderId();
                OrderCancelled c = TestEvents.cancelled(order, 500);
                TestEvents.add(outbox, c);
                cancelled.put(c.eventId(), c);
            });
        }

        awaitPublished(union(paid.keySet(), cancelled.keySet()));

        List<Received> paidRecords = TopicReader.withEventIds(KafkaTopics.paymentCompleted(), paid.keySet());
        assertEquals(40, paidRecords.size(), "one record per PaymentCompleted, no duplicates");
        assertEquals(paid.keySet(), paidRecords.stream().map(Received::eventIdHeader).collect(Collectors.toSet()));
        for (Received r : paidRecords) {
            PaymentCompleted sent = paid.get(r.eventIdHeader());
            assertEquals(Long.toString(sent.orderId()), r.key(), "key is the order id");
            JsonNode value = json.readTree(r.value());
            assertEquals(json.readTree(json.writeValueAsString(sent)), value, "value is the stored JSON");
            assertEquals(r.eventIdHeader(), value.get("eventId").asText());
            assertEquals("PaymentCompleted", value.get("type").asText());
        }
        List<Received> cancelledRecords = TopicReader.withEventIds(KafkaTopics.orderCancelled(), cancelled.keySet());
        assertEquals(10, cancelledRecords.size());
        assertEquals(cancelled.keySet(), cancelledRecords.stream().map(Received::eventIdHeader).collect(Collectors.toSet()));
        assertTrue(cancelledRecords.stream().allMatch(r -> r.value().contains("\"type\":\"OrderCancelled\"")));
        assertEquals(Set.of(), Set.copyOf(TopicReader.withEventIds(KafkaTopics.orderCancelled(), paid.keySet())),
                "each event goes to its own topic");
    }

    @Test
    void rolledBackTransactionPublishesNothing() throws Exception {
        PaymentCompleted doomed = TestEvents.paid(TestEvents.newOrderId(), 999);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                TestEvents.add(outbox, doomed);
                throw new IllegalStateException("payment failed after the event was added");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        // a later committed event on the same topic: once it is out, the relay has been past the doomed one
        PaymentCompleted committed = TestEvents.paid(TestEvents.newOrderId(), 1000);
        QuarkusTransaction.requiringNew().run(() -> TestEvents.add(outbox, committed));
        awaitPublished(Set.of(committed.eventId()));

        assertEquals(1, TopicReader.withEventIds(KafkaTopics.paymentCompleted(), Set.of(committed.eventId())).size());
        assertEquals(0, TopicReader.withEventIds(KafkaTopics.paymentCompleted(), Set.of(doomed.eventId())).size());
        assertEquals(0, count("SELECT COUNT(*) FROM outbox_event WHERE event_id = '" + doomed.eventId() + "'"));
    }

    @Test
    void rowsNobodyWokeTheRelayForAreSweptOnSchedule() throws Exception {
        // as if written by an instance that crashed right after its commit: no after-commit wake-up ever comes
        String eventId = UUID.randomUUID().toString();
        long order = TestEvents.newOrderId();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO outbox_event (event_id, event_type, topic, event_key, payload, created_at)"
                        + " VALUES (?, 'PaymentCompleted', ?, ?, ?, UTC_TIMESTAMP(6))")) {
            s.setString(1, eventId);
            s.setString(2, KafkaTopics.paymentCompleted());
            s.setString(3, Long.toString(order));
            s.setString(4, json.writeValueAsString(new PaymentCompleted(eventId, "PaymentCompleted",
                    java.time.Instant.now(), order, 1, 1, 10, 0, List.of())));
            s.executeUpdate();
        }
        awaitPublished(Set.of(eventId));
        assertEquals(1, TopicReader.withEventIds(KafkaTopics.paymentCompleted(), Set.of(eventId)).size());
    }

    @Test
    void aCommitWakesTheRelayWithoutWaitingForTheSweep() throws Exception {
        // with the scheduled sweep off, only the after-commit wake-up can publish these events (how fast is the
        // benchmark's business: bench/outbox-drain.sh)
        worker.sweepsOff(true);
        try {
            for (int i = 0; i < 3; i++) {
                PaymentCompleted event = TestEvents.paid(TestEvents.newOrderId(), 100);
                QuarkusTransaction.requiringNew().run(() -> TestEvents.add(outbox, event));
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                        .until(() -> publishedAt(event.eventId()) != null);
            }
        } finally {
            worker.sweepsOff(false);
        }
    }

    @Test
    void oneOrdersEventsKeepTheirOrderOnItsPartition() throws Exception {
        long order = TestEvents.newOrderId();
        List<String> ids = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 5; i++) {
                PaymentCompleted e = TestEvents.paid(order, 100 + i);
                TestEvents.add(outbox, e);
                ids.add(e.eventId());
            }
        });
        awaitPublished(Set.copyOf(ids));
        List<Received> records = TopicReader.withEventIds(KafkaTopics.paymentCompleted(), Set.copyOf(ids));
        assertEquals(1, records.stream().map(Received::partition).distinct().count(), "one key, one partition");
        records.sort((a, b) -> Long.compare(a.offset(), b.offset()));
        assertEquals(ids, records.stream().map(Received::eventIdHeader).toList(), "offsets follow the outbox ids");
    }

    @Test
    void aLaterEventOfAnOrderWaitsWhileAnEarlierOneIsHeldByAnotherRelay() throws Exception {
        long order = TestEvents.newOrderId();
        long otherOrder = TestEvents.newOrderId();
        PaymentCompleted first = TestEvents.paid(order, 100);
        OrderCancelled second = TestEvents.cancelled(order, 100);
        PaymentCompleted unrelated = TestEvents.paid(otherOrder, 100);

        try (Connection otherRelay = dataSource.getConnection()) {
            otherRelay.setAutoCommit(false);
            otherRelay.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            // the first event is written and claimed by "another relay" that is slow to send it
            worker.pause();
            try {
                QuarkusTransaction.requiringNew().run(() -> TestEvents.add(outbox, first));
                try (PreparedStatement claim = otherRelay.prepareStatement(
                        "SELECT id FROM outbox_event WHERE event_id = ? FOR UPDATE")) {
                    claim.setString(1, first.eventId());
                    claim.executeQuery().close();
                }
                QuarkusTransaction.requiringNew().run(() -> {
                    TestEvents.add(outbox, second);
                    TestEvents.add(outbox, unrelated);
                });
            } finally {
                worker.resume();
            }
            awaitPublished(Set.of(unrelated.eventId()));
            // the relay has been over the batch: the other order's event left, this order's later event stayed
            assertNull(publishedAt(second.eventId()), "the cancellation must not overtake the held payment");
            assertNull(publishedAt(first.eventId()));
            otherRelay.rollback();
        }
        awaitPublished(Set.of(first.eventId(), second.eventId()));
        assertTrue(publishedAt(first.eventId()).compareTo(publishedAt(second.eventId())) <= 0);
        assertNotNull(TopicReader.withEventIds(KafkaTopics.orderCancelled(), Set.of(second.eventId())).get(0));
    }

    private void awaitPublished(Set<String> eventIds) {
        Awaitility.await().atMost(PUBLISHED_WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (String id : eventIds) {
                if (publishedAt(id) == null) {
                    return false;
                }
            }
            return true;
        });
    }

    private java.time.LocalDateTime publishedAt(String eventId) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT published_at FROM outbox_event WHERE event_id = ?")) {
            s.setString(1, eventId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getObject(1, java.time.LocalDateTime.class) : null;
            }
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
