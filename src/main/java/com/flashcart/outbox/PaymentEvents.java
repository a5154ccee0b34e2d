package com.flashcart.outbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The Kafka value formats of shared/API.md, "Events to the data platform". */
public final class PaymentEvents {

    private PaymentEvents() {
    }

    public record Item(long productId, int quantity, long unitPrice) {
    }

    public record PaymentCompleted(String eventId, String type, Instant occurredAt, long orderId, long userId,
            long paymentId, long paidAmount, long discountAmount, List<Item> items) {

        public static PaymentCompleted of(Instant occurredAt, long orderId, long userId, long paymentId,
                long paidAmount, long discountAmount, List<Item> items) {
            return new PaymentCompleted(UUID.randomUUID().toString(), "PaymentCompleted", occurredAt, orderId, userId,
                    paymentId, paidAmount, discountAmount, items);
        }
    }

    /**
     * An order was cancelled. {@code refundedAmount} is 0 for an order cancelled before payment; {@code paymentId}
     * is null then. {@code items} (beyond the contract) lets consumers take the units back out of rankings.
     */
    public record OrderCancelled(String eventId, String type, Instant occurredAt, long orderId, long userId,
            long refundedAmount, Long paymentId, List<Item> items) {

        public static OrderCancelled of(Instant occurredAt, long orderId, long userId, long refundedAmount,
                Long paymentId, List<Item> items) {
            return new OrderCancelled(UUID.randomUUID().toString(), "OrderCancelled", occurredAt, orderId, userId,
                    refundedAmount, paymentId, items);
        }
    }
}
