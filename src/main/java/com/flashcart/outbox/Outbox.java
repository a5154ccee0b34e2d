package com.flashcart.outbox;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The transactional outbox: an event is written in the same transaction as the change it describes, so it
 * exists exactly when the change committed. The relay publishes it to Kafka afterwards, however long Kafka
 * is away.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    EventsConfig config;

    @Inject
    Event<OutboxEventAdded> added;

    /** Adds a PaymentCompleted event to the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void paymentCompleted(PaymentEvents.PaymentCompleted event) {
        add(config.paymentCompletedTopic(), event.eventId(), event.type(), event.orderId(), event);
    }

    /** Adds an OrderCancelled event to the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void orderCancelled(PaymentEvents.OrderCancelled event) {
        add(config.orderCancelledTopic(), event.eventId(), event.type(), event.orderId(), event);
    }

    private void add(String topic, String eventId, String type, long orderId, Object payload) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = eventId;
        row.eventType = type;
        row.topic = topic;
        row.eventKey = Long.toString(orderId);
        try {
            row.payload = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event not serialisable", e);
        }
        row.createdAt = Instant.now(clock);
        row.persist();
        // observed after commit: wakes the relay now rather than at the next sweep
        added.fire(new OutboxEventAdded(topic));
    }
}
