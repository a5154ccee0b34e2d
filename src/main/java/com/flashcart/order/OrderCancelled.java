package com.flashcart.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The event of a cancelled order, on the topic {@code flashcart.events.order-cancelled-topic} under the order id
 * (shared/API.md, "Events to the data platform"). {@code refundedAmount} is 0 for an order cancelled before payment;
 * {@code paymentId} and {@code paidAt} are null then. {@code items} and {@code paidAt} (beyond the contract) let
 * consumers take the units back out of the day they were counted in.
 */
@RegisterForReflection
public record OrderCancelled(String eventId, String type, Instant occurredAt, long orderId, long userId,
        long refundedAmount, Long paymentId, Instant paidAt, List<LineItem> items) {

    public static final String TYPE = "OrderCancelled";

    public static OrderCancelled of(Instant occurredAt, long orderId, long userId, long refundedAmount,
            Long paymentId, Instant paidAt, List<LineItem> items) {
        return new OrderCancelled(UUID.randomUUID().toString(), TYPE, occurredAt, orderId, userId, refundedAmount,
                paymentId, paidAt, items);
    }
}
