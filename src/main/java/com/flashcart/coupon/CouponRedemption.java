package com.flashcart.coupon;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;

/**
 * A user's coupon through an order's life: reserved when the order is placed ({@code order_id} set), used when
 * it is paid, given back when the order is cancelled or expires. Every step is a conditional update on
 * {@code user_coupon} whose affected-row count is checked, inside the order's transaction.
 */
@ApplicationScoped
public class CouponRedemption {

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** The discount a held coupon gives. */
    public record Discount(DiscountType type, long value) {

        /** RATE: a percentage of the total, rounded down to the won; FIXED: at most the total. */
        public long on(long total) {
            return switch (type) {
                case FIXED -> Math.min(value, total);
                case RATE -> Math.floorDiv(Math.multiplyExact(total, value), 100);
            };
        }
    }

    /** The discount of a coupon the user holds and may use now; COUPON_NOT_USABLE otherwise (also for another's). */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public Discount usableDiscount(long userId, long userCouponId) {
        Instant now = Instant.now(clock);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT c.discount_type, c.discount_value FROM user_coupon uc JOIN coupon c ON c.id = uc.coupon_id
                WHERE uc.id = ?1 AND uc.user_id = ?2 AND uc.status = 'AVAILABLE' AND uc.order_id IS NULL
                  AND uc.expires_at > ?3 AND c.valid_from <= ?3 AND c.valid_until > ?3""")
                .setParameter(1, userCouponId)
                .setParameter(2, userId)
                .setParameter(3, now)
                .getResultList();
        if (rows.isEmpty()) {
            throw notUsable();
        }
        return new Discount(DiscountType.valueOf((String) rows.get(0)[0]), ((Number) rows.get(0)[1]).longValue());
    }

    /** Reserves the coupon for an order; fails the transaction if another order took it meanwhile. */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public void reserve(long userId, long userCouponId, long orderId) {
        int updated = em.createNativeQuery("""
                UPDATE user_coupon SET order_id = ?1
                WHERE id = ?2 AND user_id = ?3 AND status = 'AVAILABLE' AND order_id IS NULL AND expires_at > ?4""")
                .setParameter(1, orderId)
                .setParameter(2, userCouponId)
                .setParameter(3, userId)
                .setParameter(4, Instant.now(clock))
                .executeUpdate();
        if (updated != 1) {
            throw notUsable();
        }
    }

    /** Marks the order's reserved coupon USED (payment). */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public void use(long userCouponId, long orderId) {
        int updated = em.createNativeQuery("""
                UPDATE user_coupon SET status = 'USED', used_at = ?1
                WHERE id = ?2 AND order_id = ?3 AND status = 'AVAILABLE'""")
                .setParameter(1, Instant.now(clock))
                .setParameter(2, userCouponId)
                .setParameter(3, orderId)
                .executeUpdate();
        if (updated != 1) {
            throw new IllegalStateException("Coupon " + userCouponId + " is not reserved by order " + orderId);
        }
    }

    /** Gives the coupon of a cancelled or expired order back to its holder, reserved or used. */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public void giveBack(long userCouponId, long orderId) {
        em.createNativeQuery("""
                UPDATE user_coupon SET status = 'AVAILABLE', order_id = NULL, used_at = NULL
                WHERE id = ?1 AND order_id = ?2""")
                .setParameter(1, userCouponId)
                .setParameter(2, orderId)
                .executeUpdate();
    }

    private static ProblemException notUsable() {
        return new ProblemException(ErrorCode.COUPON_NOT_USABLE, "This coupon cannot be used for this order");
    }
}
