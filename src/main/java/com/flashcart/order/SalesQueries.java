package com.flashcart.order;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.flashcart.common.db.ReadSource;

/**
 * What sold, for the popular-products ranking: units in PAID orders by the day of their payment. Order owns the
 * orders and their lines, so the ranking asks here rather than reading the tables itself.
 */
@ApplicationScoped
public class SalesQueries {

    @Inject
    ReadSource reads;

    /** Units of one product sold on one day (days counted at {@code offsetMinutes} from UTC). */
    public record DailyUnits(LocalDate day, long productId, long units) {
    }

    /** An order paid since some time, and whether it has been cancelled (its units taken back) since. */
    public record PaidOrder(long orderId, boolean cancelled) {
    }

    /** Units of one product over a window. */
    public record ProductUnits(long productId, long units) {
    }

    /** Both views of one moment, from the primary in one transaction (the caller's): for a rebuild of the ranking. */
    public record Snapshot(List<DailyUnits> days, List<PaidOrder> orders) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Snapshot paidSince(Instant since, int offsetMinutes) {
        @SuppressWarnings("unchecked")
        List<Object[]> days = reads.primary().createNativeQuery("""
                SELECT DATE(o.paid_at + INTERVAL ?1 MINUTE), l.product_id, SUM(l.quantity)
                FROM customer_order o JOIN order_line l ON l.order_id = o.id
                WHERE o.status = ?2 AND o.paid_at >= ?3
                GROUP BY 1, 2""")
                .setParameter(1, offsetMinutes).setParameter(2, Order.Status.PAID.name()).setParameter(3, since)
                .getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> orders = reads.primary().createNativeQuery("""
                SELECT id, status FROM customer_order WHERE paid_at >= ?1""")
                .setParameter(1, since)
                .getResultList();
        return new Snapshot(
                days.stream().map(r -> new DailyUnits(toLocalDate(r[0]), ((Number) r[1]).longValue(),
                        ((Number) r[2]).longValue())).toList(),
                orders.stream().map(r -> new PaidOrder(((Number) r[0]).longValue(),
                        Order.Status.CANCELLED.name().equals(r[1]))).toList());
    }

    /** The best-selling products over [from, to), from the replica (may lag): when Redis cannot answer. */
    public List<ProductUnits> topSold(Instant from, Instant to, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = reads.lagging().createNativeQuery("""
                SELECT l.product_id, SUM(l.quantity)
                FROM customer_order o JOIN order_line l ON l.order_id = o.id
                WHERE o.status = ?1 AND o.paid_at >= ?2 AND o.paid_at < ?3
                GROUP BY l.product_id ORDER BY SUM(l.quantity) DESC, l.product_id LIMIT ?4""")
                .setParameter(1, Order.Status.PAID.name()).setParameter(2, from).setParameter(3, to)
                .setParameter(4, limit)
                .getResultList();
        return rows.stream().map(r -> new ProductUnits(((Number) r[0]).longValue(), ((Number) r[1]).longValue()))
                .toList();
    }

    private static LocalDate toLocalDate(Object value) {
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof LocalDate date) {
            return date;
        }
        return LocalDate.parse(value.toString().substring(0, 10));
    }
}
