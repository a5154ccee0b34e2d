package com.flashcart.platform.ingest;

import java.time.Instant;
import java.util.List;

/** One event of Flashcart's contract, validated, with the JSON exactly as it arrived (extra fields included). */
public sealed interface PlatformEvent {

    String eventId();

    Instant occurredAt();

    long orderId();

    String rawJson();

    record PaymentCompleted(String eventId, Instant occurredAt, long orderId, long paidAmount, List<Item> items,
                            String rawJson) implements PlatformEvent {
    }

    record OrderCancelled(String eventId, Instant occurredAt, long orderId, long refundedAmount, String rawJson)
            implements PlatformEvent {
    }

    record Item(long productId, long quantity) {
    }
}
