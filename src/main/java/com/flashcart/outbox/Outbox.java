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
 * is away. The outbox knows no event: the capability that owns an event gives its topic, key, id, type and
 * payload.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    Event<OutboxEventAdded> added;

    /**
     * Adds an event to the caller's transaction. Events with the same {@code key} reach Kafka in the order they
     * were added (one partition, one relay chain); {@code eventId} is the same on every retry.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String topic, String key, String eventId, String type, Object payload) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = eventId;
        row.eventType = type;
        row.topic = topic;
        row.eventKey = key;
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
