package com.flashcart.order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;

/** What other capabilities may do to orders: payment marks one paid. Every transition of an order is made here. */
@ApplicationScoped
public class Orders {

    @Inject
    EntityManager em;

    /**
     * An order that is becoming PAID: its user, what to charge, the coupon to use, the lines for the event, and its
     * {@code updated_at} as the database printed it when read ({@link #moveBack} writes it back exactly).
     */
    public record Paid(long orderId, long userId, long payAmount, long discountAmount, Long userCouponId,
            List<LineItem> items, String updatedAtBefore) {
    }

    /**
     * Moves the user's order from PENDING_PAYMENT to PAID, in the caller's transaction, by a conditional update:
     * concurrent payments of one order serialise on its row and only the first finds it payable. Another user's
     * order (or none) is NOT_FOUND; a paid, cancelled, expired or overdue one ORDER_NOT_PAYABLE.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public Paid markPaid(long userId, long orderId, Instant at) {
        if (!movedToPaid(userId, orderId, at)) {
            throw notPayable(userId, orderId);
        }
        return read(List.of(orderId), null).get(orderId);
    }

    /** An order a user asks to pay, for a group commit of payments ({@link #payableNow}, {@link #markAllPaid}). */
    public record Payable(long userId, long orderId) {
    }

    /**
     * For a group commit of payments: those of the orders that are payable as the database shows them now (the
     * user's, pending payment, within the payment window), with what paying each takes, in one read that locks
     * nothing. Only {@link #markAllPaid} decides; what is read here never changes once an order is placed, except the
     * status, which that move checks again.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public Map<Payable, Paid> payableNow(List<Payable> payables, Instant at) {
        Map<Long, Paid> byId = read(payables.stream().map(Payable::orderId).distinct().toList(), at);
        Map<Payable, Paid> payable = new LinkedHashMap<>();
        for (Payable p : payables) {
            Paid order = byId.get(p.orderId());
            if (order != null && order.userId() == p.userId()) {
                payable.put(p, order);
            }
        }
        return payable;
    }

    /**
     * {@link #markPaid} for the orders {@link #payableNow} found (a group commit of payments): each moves by its own
     * conditional update, in order id order. False as soon as one does not move (something paid, cancelled or
     * expired it since): the orders moved before it stay moved, and the caller rolls back.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public boolean markAllPaid(List<Payable> payables, Instant at) {
        return payables.stream().sorted(Comparator.comparingLong(Payable::orderId))
                .allMatch(payable -> movedToPaid(payable.userId(), payable.orderId(), at));
    }

    /**
     * Puts an order that {@link #markAllPaid} moved in this transaction back as it was, pending payment (its
     * payment was refused, the others of the batch go on). The caller holds its row's lock since the move.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public void moveBack(Paid order) {
        int updated = em.createNativeQuery("""
                UPDATE customer_order SET status = ?1, paid_at = NULL, updated_at = ?2 WHERE id = ?3 AND status = ?4""")
                .setParameter(1, Order.Status.PENDING_PAYMENT.name()).setParameter(2, order.updatedAtBefore())
                .setParameter(3, order.orderId()).setParameter(4, Order.Status.PAID.name()).executeUpdate();
        if (updated != 1) {
            throw new IllegalStateException("Order " + order.orderId() + " was not PAID in this transaction");
        }
    }

    private boolean movedToPaid(long userId, long orderId, Instant at) {
        return em.createNativeQuery("""
                UPDATE customer_order SET status = ?1, paid_at = ?2, updated_at = ?2
                WHERE id = ?3 AND user_id = ?4 AND status = ?5 AND expires_at > ?2""")
                .setParameter(1, Order.Status.PAID.name()).setParameter(2, at).setParameter(3, orderId)
                .setParameter(4, userId).setParameter(5, Order.Status.PENDING_PAYMENT.name())
                .executeUpdate() == 1;
    }

    /**
     * The orders with their lines (an order always has one at least), in one round trip, by id; with
     * {@code payableAt}, only those pending payment and within their window at that moment.
     */
    private Map<Long, Paid> read(List<Long> orderIds, Instant payableAt) {
        Query select = em.createNativeQuery("SELECT o.id, o.user_id, o.pay_amount, o.discount_amount,"
                + " o.user_coupon_id, CAST(o.updated_at AS CHAR), l.product_id, l.quantity, l.unit_price"
                + " FROM customer_order o JOIN order_line l ON l.order_id = o.id WHERE o.id IN (?1)"
                + (payableAt == null ? "" : " AND o.status = ?2 AND o.expires_at > ?3")
                + " ORDER BY o.id, l.product_id").setParameter(1, orderIds);
        if (payableAt != null) {
            select.setParameter(2, Order.Status.PENDING_PAYMENT.name()).setParameter(3, payableAt);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = select.getResultList();
        Map<Long, List<Object[]>> byOrder = new LinkedHashMap<>();
        rows.forEach(row -> byOrder.computeIfAbsent(((Number) row[0]).longValue(), id -> new ArrayList<>()).add(row));
        Map<Long, Paid> byId = new HashMap<>();
        byOrder.forEach((id, lines) -> {
            Object[] first = lines.get(0);
            byId.put(id, new Paid(id, ((Number) first[1]).longValue(), ((Number) first[2]).longValue(),
                    ((Number) first[3]).longValue(), first[4] == null ? null : ((Number) first[4]).longValue(),
                    lines.stream().map(l -> new LineItem(((Number) l[6]).longValue(), ((Number) l[7]).intValue(),
                            ((Number) l[8]).longValue())).toList(), (String) first[5]));
        });
        return byId;
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
