package com.flashcart.outbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.flashcart.order.LineItem;
import com.flashcart.order.OrderCancelled;
import com.flashcart.payment.PaymentCompleted;
import com.flashcart.support.KafkaTopics;

/**
 * The two events the service publishes, as their owners (payment, order) write them to the outbox, for orders no
 * other test uses.
 */
final class TestEvents {

    private static final AtomicLong NEXT_ORDER = new AtomicLong(ThreadLocalRandom.current().nextLong(1, 1L << 40) * 1000);

    private TestEvents() {
    }

    static long newOrderId() {
        return NEXT_ORDER.incrementAndGet();
    }

    static PaymentCompleted paid(long orderId, long amount) {
        return PaymentCompleted.of(Instant.now().truncatedTo(ChronoUnit.MILLIS), orderId, 7, orderId + 1, amount, 0,
                List.of(new LineItem(101, 2, amount / 2)));
    }

    static OrderCancelled cancelled(long orderId, long refunded) {
        return OrderCancelled.of(Instant.now().truncatedTo(ChronoUnit.MILLIS), orderId, 7, refunded, orderId + 1,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), List.of(new LineItem(101, 2, refunded / 2)));
    }

    /** Adds the event to the caller's transaction, as PaymentService does. */
    static void add(Outbox outbox, PaymentCompleted event) {
        outbox.add(KafkaTopics.paymentCompleted(), Long.toString(event.orderId()), event.eventId(),
                PaymentCompleted.TYPE, event);
    }

    /** Adds the event to the caller's transaction, as OrderService does. */
    static void add(Outbox outbox, OrderCancelled event) {
        outbox.add(KafkaTopics.orderCancelled(), Long.toString(event.orderId()), event.eventId(), OrderCancelled.TYPE,
                event);
    }
}
