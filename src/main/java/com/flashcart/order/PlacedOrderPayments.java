package com.flashcart.order;

import java.time.Instant;

/**
 * What a one-step checkout asks of whoever takes payments: pay the order just placed, in the same transaction.
 * Defined here, where the order is placed, and implemented by the payment capability (as {@link PaidOrderRefunds}),
 * so order never depends on payment.
 */
public interface PlacedOrderPayments {

    /**
     * Settles an order the caller has just placed as PAID, in the caller's transaction: spends the points, records
     * the payment, uses the coupon, publishes the event. Refuses as a payment would (INSUFFICIENT_POINTS); the
     * caller's transaction then places nothing.
     */
    void pay(long userId, Orders.Paid order, Instant at);
}
