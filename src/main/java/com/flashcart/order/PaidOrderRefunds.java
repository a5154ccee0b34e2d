package com.flashcart.order;

import java.time.Instant;

/**
 * What cancelling a paid order asks of whoever took the payment: give the money back. Defined here, where the
 * cancellation is decided, and implemented by the payment capability, so order never depends on payment while
 * payment marks orders paid through {@link Orders}.
 */
public interface PaidOrderRefunds {

    /**
     * Refunds the payment of {@code orderId} (its {@code amount} goes back to {@code userId}), in the caller's
     * transaction; returns the payment's id.
     */
    long refund(long userId, long orderId, long amount, Instant at);
}
