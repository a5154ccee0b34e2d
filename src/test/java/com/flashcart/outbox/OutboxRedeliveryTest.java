package com.flashcart.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashcart.payment.PaymentCompleted;
import com.flashcart.support.DataPlatformProcess;
import com.flashcart.support.KafkaTopics;
import com.flashcart.support.TopicReader.Received;
import com.flashcart.support.TopicReader;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A relay that dies after Kafka acknowledged but before it marked the row sends the event again, with the same
 * eventId; the data platform counts it once.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTopics.class)
class OutboxRedeliveryTest {

    @Inject
    Outbox outbox;

    @Inject
    RelayWorker worker;

    @Inject
    RelayCrash crash;

    @Test
    void aCrashBeforeMarkingResendsTheSameEventAndThePlatformCountsItOnce() {
        DataPlatformProcess platform = DataPlatformProcess.shared();
        platform.awaitCaughtUp();
        JsonNode before = platform.stats();

        long order = TestEvents.newOrderId();
        PaymentCompleted event = TestEvents.paid(order, 4200);
        worker.pause();
        try {
            QuarkusTransaction.requiringNew().run(() -> TestEvents.add(outbox, event));
            crash.arm();
        } finally {
            worker.resume();
        }

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !crash.crashedOn().isEmpty());
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> TopicReader.withEventIds(KafkaTopics.paymentCompleted(), Set.of(event.eventId())).size() >= 2);
        List<Received> records = TopicReader.withEventIds(KafkaTopics.paymentCompleted(), Set.of(event.eventId()));
        assertEquals(2, records.size(), "sent, crash, sent again: " + records);
        assertEquals(records.get(0).value(), records.get(1).value(), "the same event, byte for byte");
        assertEquals(Long.toString(order), records.get(1).key());

        platform.awaitCaughtUp();
        JsonNode items = platform.events(order);
        assertEquals(1, items.size(), "the platform keeps one event: " + items);
        assertEquals(event.eventId(), items.get(0).get("eventId").asText());
        JsonNode after = platform.stats();
        assertEquals(1, after.get("eventsReceived").asLong() - before.get("eventsReceived").asLong());
        assertEquals(1, after.get("duplicatesDropped").asLong() - before.get("duplicatesDropped").asLong());
        assertEquals(1, after.get("paidOrders").asLong() - before.get("paidOrders").asLong());
        assertEquals(4200, after.get("revenue").asLong() - before.get("revenue").asLong());
        assertFalse(worker.state().paused());
    }
}
