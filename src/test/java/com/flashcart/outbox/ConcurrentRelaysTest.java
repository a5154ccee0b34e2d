package com.flashcart.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashcart.common.db.PrimaryPools;
import com.flashcart.order.OrderCancelled;
import com.flashcart.payment.PaymentCompleted;
import com.flashcart.support.Concurrently;
import com.flashcart.support.DataPlatformProcess;
import com.flashcart.support.KafkaTopics;
import com.flashcart.support.TopicReader.Received;
import com.flashcart.support.TopicReader;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Two relays draining one outbox at once (as two instances do) share the rows: every event once, figures exact. */
@QuarkusTest
@QuarkusTestResource(KafkaTopics.class)
class ConcurrentRelaysTest {

    private static final Logger LOG = Logger.getLogger(ConcurrentRelaysTest.class);

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    RelayWorker worker;

    @Inject
    @DataSource(PrimaryPools.AUTOCOMMIT)
    AgroalDataSource dataSource;

    @Test
    void twoRelaysDeliverEveryEventOnceAndThePlatformFiguresAreExact() throws Exception {
        DataPlatformProcess platform = DataPlatformProcess.shared();
        platform.awaitCaughtUp();
        JsonNode before = platform.stats();

        Set<String> paidIds = new HashSet<>();
        Set<String> cancelledIds = new HashSet<>();
        long[] revenue = { 0 };
        long[] refunds = { 0 };
        List<Integer> publishedBy;
        worker.pause();
        try {
            for (int tx = 0; tx < 30; tx++) {
                QuarkusTransaction.requiringNew().run(() -> {
                    for (int i = 0; i < 80; i++) {
                        long order = TestEvents.newOrderId();
                        PaymentCompleted paid = TestEvents.paid(order, 1000 + i);
                        TestEvents.add(outbox, paid);
                        paidIds.add(paid.eventId());
                        revenue[0] += paid.paidAmount();
                        if (i % 4 == 0) {
                            OrderCancelled cancelled = TestEvents.cancelled(order, paid.paidAmount());
                            TestEvents.add(outbox, cancelled);
                            cancelledIds.add(cancelled.eventId());
                            refunds[0] += cancelled.refundedAmount();
                        }
                    }
                });
            }
            assertEquals(2400, paidIds.size());
            assertEquals(600, cancelledIds.size());

            publishedBy = Concurrently.run(2, n -> {
                int published = 0;
                try {
                    OutboxRelay.BatchResult result;
                    do {
                        result = relay.publishBatch();
                        published += result.published();
                    } while (result.claimed() > 0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return published;
            });
        } finally {
            worker.resume();
        }
        LOG.infof("rows published by each relay: %s", publishedBy);
        assertEquals(3000, publishedBy.get(0) + publishedBy.get(1), "each row published by exactly one relay");
        assertTrue(publishedBy.get(0) > 0 && publishedBy.get(1) > 0, "both relays took part: " + publishedBy);
        assertEquals(0, unpublished());

        List<Received> paidRecords = TopicReader.withEventIds(KafkaTopics.paymentCompleted(), paidIds);
        List<Received> cancelledRecords = TopicReader.withEventIds(KafkaTopics.orderCancelled(), cancelledIds);
        assertEquals(2400, paidRecords.size(), "no PaymentCompleted sent twice");
        assertEquals(paidIds, paidRecords.stream().map(Received::eventIdHeader).collect(Collectors.toSet()));
        assertEquals(600, cancelledRecords.size(), "no OrderCancelled sent twice");
        assertEquals(cancelledIds, cancelledRecords.stream().map(Received::eventIdHeader).collect(Collectors.toSet()));

        platform.awaitCaughtUp();
        JsonNode after = platform.stats();
        assertEquals(3000, delta(before, after, "eventsReceived"));
        assertEquals(0, delta(before, after, "duplicatesDropped"));
        assertEquals(2400, delta(before, after, "paidOrders"));
        assertEquals(revenue[0], delta(before, after, "revenue"));
        assertEquals(refunds[0], delta(before, after, "refunds"));
    }

    private long unpublished() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM outbox_event WHERE published_at IS NULL"); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static long delta(JsonNode before, JsonNode after, String field) {
        return after.get(field).asLong() - before.get(field).asLong();
    }

}
