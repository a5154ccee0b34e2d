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
        if (!movedToPaid(userId, orderId, at)) {
            throw notPayable(userId, orderId);
        }
        return paid(List.of(orderId)).get(0);
    }

    /** An order a user asks to pay, for {@link #markAllPaid}. */
    public record Payable(long userId, long orderId) {
    }

    /**
     * {@link #markPaid} for many orders at once (a group commit of payments): each moves by its own conditional
     * update, in order id order, and those that moved are then read in one statement. Returns the orders that moved
     * (an order that is not payable stays as it was, and is absent), in the order given.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public Map<Payable, Paid> markAllPaid(List<Payable> payables, Instant at) {
        List<Payable> moved = payables.stream().sorted(Comparator.comparingLong(Payable::orderId))
                .filter(payable -> movedToPaid(payable.userId(), payable.orderId(), at)).toList();
        if (moved.isEmpty()) {
            return Map.of();
        }
        Map<Long, Paid> byId = new HashMap<>();
        paid(moved.stream().map(Payable::orderId).toList()).forEach(paid -> byId.put(paid.orderId(), paid));
        Map<Payable, Paid> paid = new LinkedHashMap<>();
        payables.stream().filter(moved::contains).forEach(payable -> paid.put(payable, byId.get(payable.orderId())));
        return paid;
    }

    private boolean movedToPaid(long userId, long orderId, Instant at) {
        return em.createNativeQuery("""
                UPDATE customer_order SET status = ?1, paid_at = ?2, updated_at = ?2
                WHERE id = ?3 AND user_id = ?4 AND status = ?5 AND expires_at > ?2""")
                .setParameter(1, Order.Status.PAID.name()).setParameter(2, at).setParameter(3, orderId)
                .setParameter(4, userId).setParameter(5, Order.Status.PENDING_PAYMENT.name())
                .executeUpdate() == 1;
    }

    /** The orders with their lines (an order always has one at least), in one round trip, in order id order. */
    private List<Paid> paid(List<Long> orderIds) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT o.id, o.pay_amount, o.discount_amount, o.user_coupon_id, l.product_id, l.quantity, l.unit_price
                FROM customer_order o JOIN order_line l ON l.order_id = o.id
                WHERE o.id IN (?1) ORDER BY o.id, l.product_id""")
                .setParameter(1, orderIds).getResultList();
        Map<Long, List<Object[]>> byOrder = new LinkedHashMap<>();
        rows.forEach(row -> byOrder.computeIfAbsent(((Number) row[0]).longValue(), id -> new ArrayList<>()).add(row));
        return byOrder.entrySet().stream().map(order -> {
            Object[] first = order.getValue().get(0);
            return new Paid(order.getKey(), ((Number) first[1]).longValue(), ((Number) first[2]).longValue(),
                    first[3] == null ? null : ((Number) first[3]).longValue(),
                    order.getValue().stream().map(l -> new LineItem(((Number) l[4]).longValue(),
                            ((Number) l[5]).intValue(), ((Number) l[6]).longValue())).toList());
        }).toList();
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
