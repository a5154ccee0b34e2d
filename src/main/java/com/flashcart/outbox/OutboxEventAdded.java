package com.flashcart.outbox;

/** Fired when a transaction adds an outbox row; observed after commit to wake the relay without waiting a sweep. */
public record OutboxEventAdded(String topic) {
}
