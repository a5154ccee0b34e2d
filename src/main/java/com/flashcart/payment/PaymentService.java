package com.flashcart.payment;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.flashcart.common.db.WriteFence;
import com.flashcart.common.idempotency.Idempotency;
import com.flashcart.common.idempotency.IdempotentRequest;
import com.flashcart.coupon.CouponRedemption;
import com.flashcart.order.Orders;
import com.flashcart.outbox.Outbox;
import com.flashcart.point.Wallet;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Paying an order with points: one transaction on the primary (through {@link Idempotency}). The order moves to
 * PAID ({@link Orders#markPaid}, which serialises concurrent payments of one order on its row), the wallet spends
 * the pay amount, the payment row is written (unique per order), the coupon is used and PaymentCompleted goes to
 * the outbox. Any refusal undoes all of it.
 */
@ApplicationScoped
public class PaymentService {

    @Inject
    Idempotency idempotency;

    @Inject
    Orders orders;

    @Inject
    Wallet wallet;

    @Inject
    CouponRedemption coupons;

    @Inject
    Outbox outbox;

    /** Where this capability's events go (configurable, so tests and environments can have their own). */
    @ConfigProperty(name = "flashcart.events.payment-completed-topic", defaultValue = "payment-completed")
    String completedTopic;

    @Inject
    WriteFence fence;

    @Inject
    Clock clock;

    /** The answer to a payment (shared/API.md: {@code POST /api/v1/orders/{id}/payment}). */
    @RegisterForReflection
    public record Receipt(long orderId, long paymentId, String status, long paidAmount, Instant paidAt) {
    }

    public Receipt pay(long userId, String idempotencyKey, long orderId) {
        return idempotency.run(new IdempotentRequest(userId, idempotencyKey, "order.pay:" + orderId, orderId),
                Receipt.class, () -> payNow(userId, orderId));
    }

    /** Pays in the payment use case's transaction: moves the order to PAID, then settles it. */
    private Receipt payNow(long userId, long orderId) {
        Instant now = Instant.now(clock);
        return settle(userId, orders.markPaid(userId, orderId, now), now);
    }

    /** What paying an order that is PAID in this transaction takes: the points, the payment, the coupon, the event. */
    Receipt settle(long userId, Orders.Paid order, Instant now) {
        long orderId = order.orderId();
        if (order.payAmount() > 0) {
            wallet.spend(userId, order.payAmount(), orderId);
        }
        Payment payment = new Payment();
        payment.orderId = orderId;
        payment.userId = userId;
        payment.amount = order.payAmount();
        payment.status = Payment.PAID;
        payment.paidAt = now;
        payment.persist();
        if (order.userCouponId() != null) {
            coupons.use(order.userCouponId(), orderId);
        }
        PaymentCompleted event = PaymentCompleted.of(now, orderId, userId, payment.id, order.payAmount(),
                order.discountAmount(), order.items());
        outbox.add(completedTopic, Long.toString(orderId), event.eventId(), PaymentCompleted.TYPE, event);
        fence.afterCommit(userId);
        return new Receipt(orderId, payment.id, Payment.PAID, order.payAmount(), now);
    }
}
