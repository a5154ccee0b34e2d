package com.flashcart.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flashcart.common.db.Placeholders;

/**
 * The transactional outbox: an event is written in the same transaction as the change it describes, so it
 * exists exactly when the change committed. The relay publishes it to Kafka afterwards, however long Kafka
 * is away. The outbox knows no event: the capability that owns an event gives its topic, key, id, type and
 * payload.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    EntityManager em;

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
        addAll(List.of(new NewEvent(topic, key, eventId, type, payload)));
    }

    /** An event for {@link #addAll}: the arguments of {@link #add}. */
    public record NewEvent(String topic, String key, String eventId, String type, Object payload) {
    }

    /**
     * {@link #add} for many events in one insert (a group commit). Their ids, and so their order on the same key,
     * follow the list's order. Once the transaction commits, the relay is woken rather than left to its next sweep.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addAll(List<NewEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO outbox_event (event_id, event_type, topic, event_key,"
                + " payload, created_at, attempts) VALUES "
                + Placeholders.repeated(events.size(), "(?, ?, ?, ?, ?, ?, 0)");
        Query insert = em.createNativeQuery(sql);
        Instant now = Instant.now(clock);
        int p = 1;
        for (NewEvent event : events) {
            insert.setParameter(p++, event.eventId()).setParameter(p++, event.type()).setParameter(p++, event.topic())
                    .setParameter(p++, event.key()).setParameter(p++, serialised(event.payload()))
                    .setParameter(p++, now);
        }
        insert.executeUpdate();
        added.fire(new OutboxEventAdded(events.get(0).topic()));
    }

    private String serialised(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event not serialisable", e);
        }
    }
}
