package com.flashcart.outbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Test-only: the outbox ids of every batch Kafka acknowledged, in the order the relay sent them. */
@ApplicationScoped
public class RelayBatches {

    private final List<List<Long>> acknowledged = new CopyOnWriteArrayList<>();

    List<List<Long>> acknowledged() {
        return acknowledged;
    }

    void onAcknowledged(@Observes OutboxBatchAcknowledged batch) {
        acknowledged.add(List.copyOf(batch.outboxIds()));
    }
}
