package com.flashcart.payment;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.flashcart.common.error.ProblemException;
import com.flashcart.order.Orders;
import com.flashcart.order.PlacedOrderPayments;

/**
 * A one-step checkout's payment: what paying the order a moment later would do, in the order's own transaction, for
 * an order placed as PAID (so it is not read back and moved from PENDING_PAYMENT first).
 */
@ApplicationScoped
class CheckoutPayments implements PlacedOrderPayments {

    @Inject
    PaymentService payments;

    @Override
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public void pay(long userId, Orders.Paid order, Instant at) {
        payments.settle(order, at);
    }
}
