package com.flashcart.payment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.flashcart.common.error.ProblemException;
import com.flashcart.order.PlacedOrderPayments;

/** A one-step checkout's payment: the same as paying the order a moment later, in the order's own transaction. */
@ApplicationScoped
class CheckoutPayments implements PlacedOrderPayments {

    @Inject
    PaymentService payments;

    @Override
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public void pay(long userId, long orderId) {
        payments.payNow(userId, orderId);
    }
}
