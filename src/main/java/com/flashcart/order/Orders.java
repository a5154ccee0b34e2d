package com.flashcart.order;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;

/** What other capabilities may do to orders: payment marks one paid. Every transition of an order is made here. */
@ApplicationScoped
public class Orders {

    @Inject
    EntityManager em;

    /** An order that has just become PAID: what to charge, the coupon to use, and the lines for the event. */
    public record Paid(long orderId, long payAmount, long discountAmount, Long userCouponId, List<LineItem> items) {
    }

    /**
     * Moves the user's order from PENDING_PAYMENT to PAID, in the caller's transaction, by a conditional update:
     * concurrent payments of one order serialise on its row and only the first finds it payable. Another user's
     * order (or none) is NOT_FOUND; a paid, cancelled, expired or overdue one ORDER_NOT_PAYABLE.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public Paid markPaid(long userId, long orderId, Instant at) {
        int updated = em.createNativeQuery("""
                UPDATE customer_order SET status = ?1, paid_at = ?2, updated_at = ?2
                WHERE id = ?3 AND user_id = ?4 AND status = ?5 AND expires_at > ?2""")
                .setParameter(1, Order.Status.PAID.name()).setParameter(2, at).setParameter(3, orderId)
                .setParameter(4, userId).setParameter(5, Order.Status.PENDING_PAYMENT.name())
                .executeUpdate();
        if (updated == 0) {
            throw notPayable(userId, orderId);
        }
        // the order with its lines (an order always has one at least), in one round trip
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT o.pay_amount, o.discount_amount, o.user_coupon_id, l.product_id, l.quantity, l.unit_price
                FROM customer_order o JOIN order_line l ON l.order_id = o.id
                WHERE o.id = ?1 ORDER BY l.product_id""")
                .setParameter(1, orderId).getResultList();
        Object[] order = rows.get(0);
        return new Paid(orderId, ((Number) order[0]).longValue(), ((Number) order[1]).longValue(),
                order[2] == null ? null : ((Number) order[2]).longValue(),
                rows.stream().map(l -> new LineItem(((Number) l[3]).longValue(), ((Number) l[4]).intValue(),
                        ((Number) l[5]).longValue())).toList());
    }

    private ProblemException notPayable(long userId, long orderId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT user_id, status FROM customer_order WHERE id = ?1")
                .setParameter(1, orderId).getResultList();
        if (rows.isEmpty() || ((Number) rows.get(0)[0]).longValue() != userId) {
            return ProblemException.notFound("Order");
        }
        String status = (String) rows.get(0)[1];
        return new ProblemException(ErrorCode.ORDER_NOT_PAYABLE, Order.Status.PENDING_PAYMENT.name().equals(status)
                ? "The order's payment window has closed" : "The order is " + status);
    }
}
