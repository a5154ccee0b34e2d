package com.flashcart.payment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.flashcart.order.LineItem;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The event of a completed payment, on the topic {@code flashcart.events.payment-completed-topic} under the order
 * id (shared/API.md, "Events to the data platform"). Consumers drop duplicates by {@code eventId}.
 */
@RegisterForReflection
public record PaymentCompleted(String eventId, String type, Instant occurredAt, long orderId, long userId,
        long paymentId, long paidAmount, long discountAmount, List<LineItem> items) {

    public static final String TYPE = "PaymentCompleted";

    public static PaymentCompleted of(Instant occurredAt, long orderId, long userId, long paymentId, long paidAmount,
            long discountAmount, List<LineItem> items) {
        return new PaymentCompleted(UUID.randomUUID().toString(), TYPE, occurredAt, orderId, userId, paymentId,
                paidAmount, discountAmount, items);
    }
}
