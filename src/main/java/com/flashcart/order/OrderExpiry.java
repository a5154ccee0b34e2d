package com.flashcart.order;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import com.flashcart.catalog.StockReservation;
import com.flashcart.common.db.Transactions;
import com.flashcart.coupon.CouponRedemption;

import io.quarkus.scheduler.Scheduled;

/**
 * Expires orders left unpaid past {@code expiresAt}, giving back their stock and coupons. Every instance runs
 * it; each batch is claimed with {@code FOR UPDATE SKIP LOCKED} and each order moves by a conditional status
 * update, so two instances (or a racing payment or cancel) never expire an order twice.
 */
@ApplicationScoped
public class OrderExpiry {

    private static final Logger LOG = Logger.getLogger(OrderExpiry.class);

    @Inject
    EntityManager em;

    @Inject
    StockReservation stock;

    @Inject
    CouponRedemption coupons;

    @Inject
    OrdersConfig config;

    @Inject
    Clock clock;

    @Scheduled(every = "${flashcart.orders.expiry-sweep-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            expireDue();
        } catch (RuntimeException e) {
            LOG.warnf("Order expiry sweep failed, next sweep retries: %s", e.getMessage());
        }
    }

    /** Expires every due order; returns how many this call expired. */
    public int expireDue() {
        int total = 0;
        int[] batch;
        do {
            batch = Transactions.inNew(this::expireBatch);
            total += batch[1];
        } while (batch[0] == config.expiryBatchSize());
        return total;
    }

    /** Returns {claimed, expired}. */
    private int[] expireBatch() {
        Instant now = Instant.now(clock);
        @SuppressWarnings("unchecked")
        List<Object[]> due = em.createNativeQuery("""
                SELECT id, user_coupon_id FROM customer_order
                WHERE status = 'PENDING_PAYMENT' AND expires_at <= ?1
                ORDER BY expires_at LIMIT ?2 FOR UPDATE SKIP LOCKED""")
                .setParameter(1, now)
                .setParameter(2, config.expiryBatchSize())
                .getResultList();
        List<Long> expiredIds = new ArrayList<>();
        for (Object[] row : due) {
            long orderId = ((Number) row[0]).longValue();
            int updated = em.createNativeQuery("""
                    UPDATE customer_order SET status = 'EXPIRED', updated_at = ?1
                    WHERE id = ?2 AND status = 'PENDING_PAYMENT'""")
                    .setParameter(1, now).setParameter(2, orderId).executeUpdate();
            if (updated == 1) {
                expiredIds.add(orderId);
                if (row[1] != null) {
                    coupons.giveBack(((Number) row[1]).longValue(), orderId);
                }
            }
        }
        if (!expiredIds.isEmpty()) {
            // the whole batch's stock goes back in one pass, in product id order (no deadlock with new orders)
            List<OrderLine> lines = OrderLine.list("orderId in ?1", expiredIds);
            stock.release(OrderService.quantities(lines));
        }
        return new int[] { due.size(), expiredIds.size() };
    }
}
