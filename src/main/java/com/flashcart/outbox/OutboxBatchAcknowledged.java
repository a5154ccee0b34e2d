package com.flashcart.outbox;

import java.util.List;

/**
 * Fired synchronously after Kafka acknowledged a batch and before its rows are marked published. An observer
 * that throws rolls the marking back, exactly as a relay crashing at that moment would: the rows are sent again.
 */
public record OutboxBatchAcknowledged(List<Long> outboxIds) {
}
