package com.flashcart.outbox;

/** An unpublished outbox row as the relay claims it. */
public record PendingEvent(long id, String eventId, String topic, String key, String payload) {
}
