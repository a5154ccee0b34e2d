package com.flashcart.payment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.flashcart.common.db.WriteFence;
import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;
import com.flashcart.coupon.CouponRedemption;
import com.flashcart.outbox.Outbox;
import com.flashcart.outbox.PaymentEvents;
import com.flashcart.point.Wallet;

/**
 * Pays an order with points, in one transaction on the primary: the order moves PENDING_PAYMENT to PAID by a
 * conditional update (so concurrent payments of one order serialise on its row and only the first finds it
 * payable), the wallet spends the pay amount, the payment row is written (unique per order), the coupon is
 * used and the PaymentCompleted event goes to the outbox. Any refusal rolls all of it back.
 */
@ApplicationScoped
public class PaymentService {

    @Inject
    EntityManager em;

    @Inject
    Wallet wallet;

    @Inject
    CouponRedemption coupons;

    @Inject
    Outbox outbox;

    @Inject
    WriteFence fence;

    @Inject
    Clock clock;

    public record Receipt(long orderId, long paymentId, String status, long paidAmount, Instant paidAt) {
    }

    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public Receipt pay(long userId, long orderId) {
        Instant now = Instant.now(clock);
        int updated = em.createNativeQuery("""
                UPDATE customer_order SET status = 'PAID', paid_at = ?1, updated_at = ?1
                WHERE id = ?2 AND user_id = ?3 AND status = 'PENDING_PAYMENT' AND expires_at > ?1""")
                .setParameter(1, now).setParameter(2, orderId).setParameter(3, userId)
                .executeUpdate();
        if (updated == 0) {
            throw refusal(userId, orderId);
        }
        // the order with its lines (an order always has one at least), in one round trip
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT o.pay_amount, o.discount_amount, o.user_coupon_id, l.product_id, l.quantity, l.unit_price
                FROM customer_order o JOIN order_line l ON l.order_id = o.id
                WHERE o.id = ?1 ORDER BY l.product_id""")
                .setParameter(1, orderId).getResultList();
        Object[] order = rows.get(0);
        long payAmount = ((Number) order[0]).longValue();
        long discountAmount = ((Number) order[1]).longValue();

        if (payAmount > 0) {
            wallet.spend(userId, payAmount, orderId);
        }
        Payment payment = new Payment();
        payment.orderId = orderId;
        payment.userId = userId;
        payment.amount = payAmount;
        payment.status = "PAID";
        payment.paidAt = now;
        payment.persist();
        if (order[2] != null) {
            coupons.use(((Number) order[2]).longValue(), orderId);
        }
        outbox.paymentCompleted(PaymentEvents.PaymentCompleted.of(now, orderId, userId, payment.id, payAmount,
                discountAmount, rows.stream().map(l -> new PaymentEvents.Item(((Number) l[3]).longValue(),
                        ((Number) l[4]).intValue(), ((Number) l[5]).longValue())).toList()));
        fence.afterCommit(userId);
        return new Receipt(orderId, payment.id, "PAID", payAmount, now);
    }

    /** Why an order could not be paid: not the user's (or no such order) is NOT_FOUND, else not payable. */
    private ProblemException refusal(long userId, long orderId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT user_id, status FROM customer_order WHERE id = ?1")
                .setParameter(1, orderId).getResultList();
        if (rows.isEmpty() || ((Number) rows.get(0)[0]).longValue() != userId) {
            return ProblemException.notFound("Order");
        }
        String status = (String) rows.get(0)[1];
        return new ProblemException(ErrorCode.ORDER_NOT_PAYABLE, "PENDING_PAYMENT".equals(status)
                ? "The order's payment window has closed" : "The order is " + status);
    }
}
