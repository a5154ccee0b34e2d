package com.flashcart.outbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Payment events as the payment code will write them, for orders no other test uses. */
final class TestEvents {

    private static final AtomicLong NEXT_ORDER = new AtomicLong(ThreadLocalRandom.current().nextLong(1, 1L << 40) * 1000);

    private TestEvents() {
    }

    static long newOrderId() {
        return NEXT_ORDER.incrementAndGet();
    }

    static PaymentEvents.PaymentCompleted paid(long orderId, long amount) {
        return PaymentEvents.PaymentCompleted.of(Instant.now().truncatedTo(ChronoUnit.MILLIS), orderId, 7, orderId + 1,
                amount, 0, List.of(new PaymentEvents.Item(101, 2, amount / 2)));
    }

    static PaymentEvents.OrderCancelled cancelled(long orderId, long refunded) {
        return PaymentEvents.OrderCancelled.of(Instant.now().truncatedTo(ChronoUnit.MILLIS), orderId, 7, refunded,
                orderId + 1, Instant.now().truncatedTo(ChronoUnit.MILLIS), List.of(new PaymentEvents.Item(101, 2, refunded / 2)));
    }
}
