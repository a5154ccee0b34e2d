package com.flashcart.payment;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.flashcart.common.error.ProblemException;
import com.flashcart.order.PaidOrderRefunds;
import com.flashcart.point.Wallet;

/** Refunds for cancelled paid orders: the payment becomes REFUNDED and its points go back to the wallet. */
@ApplicationScoped
class PaymentRefunds implements PaidOrderRefunds {

    @Inject
    EntityManager em;

    @Inject
    Wallet wallet;

    @Override
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public long refund(long userId, long orderId, long amount, Instant at) {
        Object id = em.createNativeQuery("SELECT id FROM payment WHERE order_id = ?1").setParameter(1, orderId)
                .getSingleResult();
        int updated = em.createNativeQuery("""
                UPDATE payment SET status = ?1, refunded_at = ?2 WHERE order_id = ?3 AND status = ?4""")
                .setParameter(1, Payment.REFUNDED).setParameter(2, at).setParameter(3, orderId)
                .setParameter(4, Payment.PAID)
                .executeUpdate();
        if (updated != 1) {
            throw new IllegalStateException("Order " + orderId + " is PAID without a PAID payment");
        }
        wallet.refund(userId, amount, orderId);
        return ((Number) id).longValue();
    }
}
