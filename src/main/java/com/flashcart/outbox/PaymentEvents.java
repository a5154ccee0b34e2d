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
     * and {@code paidAt} are null then. {@code items} and {@code paidAt} (beyond the contract) let consumers take
     * the units back out of the day they were counted in.
     */
    public record OrderCancelled(String eventId, String type, Instant occurredAt, long orderId, long userId,
            long refundedAmount, Long paymentId, Instant paidAt, List<Item> items) {

        public static OrderCancelled of(Instant occurredAt, long orderId, long userId, long refundedAmount,
                Long paymentId, Instant paidAt, List<Item> items) {
            return new OrderCancelled(UUID.randomUUID().toString(), "OrderCancelled", occurredAt, orderId, userId,
                    refundedAmount, paymentId, paidAt, items);
        }
    }
}
