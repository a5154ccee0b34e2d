package com.flashcart.outbox;

/**
 * A Kafka topic some capability publishes to through the outbox. Each capability produces one bean per topic it
 * owns; the relay asks Kafka for these topics' metadata before it claims rows, so it never claims while Kafka is
 * away.
 */
public record OutboxTopic(String name) {
}
