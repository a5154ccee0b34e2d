package com.flashcart.outbox;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Test-only: when armed, the relay "crashes" once after Kafka acknowledged a batch and before marking it. */
@ApplicationScoped
public class RelayCrash {

    private final AtomicBoolean armed = new AtomicBoolean();
    private final List<Long> crashedOn = new CopyOnWriteArrayList<>();

    List<Long> crashedOn() {
        return crashedOn;
    }

    void arm() {
        armed.set(true);
    }

    void onAcknowledged(@Observes OutboxBatchAcknowledged batch) {
        if (armed.compareAndSet(true, false)) {
            crashedOn.addAll(batch.outboxIds());
            throw new IllegalStateException("injected crash after Kafka acknowledged, before marking");
        }
    }
}
