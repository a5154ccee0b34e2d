package com.flashcart.order;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.jboss.logging.Logger;

import com.flashcart.catalog.StockReservation;
import com.flashcart.common.db.Transactions;
import com.flashcart.coupon.CouponRedemption;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Expires orders left unpaid past {@code expiresAt}, giving back their stock and coupons. Every instance runs
 * it; due orders are claimed with {@code FOR UPDATE SKIP LOCKED} and each moves by a conditional status update,
 * so two instances (or a racing payment or cancel) never expire an order twice.
 * <p>
 * A batch (in id order) expires in one transaction. If that fails, each of its orders is retried alone, so one
 * order that cannot be expired (its stock cannot be given back, say) is logged, counted in
 * {@code flashcart_order_expiry_failures_total} and skipped; the sweep goes on past it, and the next sweep tries it
 * again. It can never hold up the others.
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

    private final Counter failures;

    @Inject
    OrderExpiry(MeterRegistry registry) {
        this.failures = Counter.builder("flashcart.order.expiry.failures")
                .description("Due orders an expiry sweep could not expire (retried by the next sweep)")
                .register(registry);
    }

    /** A due order. */
    private record Due(long id, Long userCouponId) {
    }

    @Scheduled(every = "${flashcart.orders.expiry-sweep-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            expireDue();
        } catch (RuntimeException e) {
            LOG.warnf("Order expiry sweep failed, next sweep retries: %s", e.getMessage());
        }
    }

    /** Expires every due order this call can; returns how many it expired. */
    public int expireDue() {
        Instant now = Instant.now(clock);
        long after = 0;
        int total = 0;
        List<Due> claimed = new ArrayList<>();
        do {
            long from = after;
            claimed.clear();
            try {
                total += Transactions.inNew(() -> {
                    claimed.clear();
                    claimed.addAll(dueAfter(from, now));
                    return expire(claimed, now);
                });
            } catch (RuntimeException batchFailed) {
                if (claimed.isEmpty()) {
                    throw batchFailed;
                }
                for (Due order : claimed) {
                    total += expireAlone(order.id(), now);
                }
            }
            if (!claimed.isEmpty()) {
                after = claimed.get(claimed.size() - 1).id();
            }
        } while (claimed.size() == config.expiryBatchSize());
        return total;
    }

    private int expireAlone(long orderId, Instant now) {
        try {
            return Transactions.inNew(() -> expire(stillDue(orderId, now), now));
        } catch (RuntimeException e) {
            failures.increment();
            LOG.errorf(e, "Order %d could not be expired; skipped until the next sweep", orderId);
            return 0;
        }
    }

    /** The next due orders by id after {@code after}, locked, skipping those another transaction holds. */
    private List<Due> dueAfter(long after, Instant now) {
        return due(em.createNativeQuery("""
                SELECT id, user_coupon_id FROM customer_order
                WHERE status = ?1 AND expires_at <= ?2 AND id > ?3
                ORDER BY id LIMIT ?4 FOR UPDATE SKIP LOCKED""")
                .setParameter(3, after)
                .setParameter(4, config.expiryBatchSize()), now);
    }

    /** The order, locked, if it is still due. */
    private List<Due> stillDue(long orderId, Instant now) {
        return due(em.createNativeQuery("""
                SELECT id, user_coupon_id FROM customer_order
                WHERE status = ?1 AND expires_at <= ?2 AND id = ?3 FOR UPDATE SKIP LOCKED""")
                .setParameter(3, orderId), now);
    }

    private static List<Due> due(Query query, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.setParameter(1, Order.Status.PENDING_PAYMENT.name()).setParameter(2, now)
                .getResultList();
        List<Due> due = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            due.add(new Due(((Number) row[0]).longValue(), row[1] == null ? null : ((Number) row[1]).longValue()));
        }
        return due;
    }

    /** Expires the claimed orders: status, coupons, and their stock in one pass (product id order). */
    private int expire(List<Due> claimed, Instant now) {
        List<Long> expiredIds = new ArrayList<>();
        for (Due order : claimed) {
            int updated = em.createNativeQuery("""
                    UPDATE customer_order SET status = ?1, updated_at = ?2 WHERE id = ?3 AND status = ?4""")
                    .setParameter(1, Order.Status.EXPIRED.name()).setParameter(2, now).setParameter(3, order.id())
                    .setParameter(4, Order.Status.PENDING_PAYMENT.name())
                    .executeUpdate();
            if (updated == 1) {
                expiredIds.add(order.id());
                if (order.userCouponId() != null) {
                    coupons.giveBack(order.userCouponId(), order.id());
                }
            }
        }
        if (!expiredIds.isEmpty()) {
            List<OrderLine> lines = OrderLine.list("orderId in ?1", expiredIds);
            stock.release(OrderService.quantities(lines));
        }
        return expiredIds.size();
    }
}
