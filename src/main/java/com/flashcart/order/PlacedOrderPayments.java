package com.flashcart.order;

/**
 * What a one-step checkout asks of whoever takes payments: pay the order just placed, in the same transaction.
 * Defined here, where the order is placed, and implemented by the payment capability (as {@link PaidOrderRefunds}),
 * so order never depends on payment.
 */
public interface PlacedOrderPayments {

    /** Pays the user's pending order in the caller's transaction; refuses as a payment would (INSUFFICIENT_POINTS). */
    void pay(long userId, long orderId);
}
