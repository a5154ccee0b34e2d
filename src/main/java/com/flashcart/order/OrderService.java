package com.flashcart.order;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.flashcart.catalog.StockReservation;
import com.flashcart.common.db.WriteFence;
import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;
import com.flashcart.coupon.CouponRedemption;
import com.flashcart.outbox.Outbox;
import com.flashcart.outbox.PaymentEvents;
import com.flashcart.point.Wallet;

/**
 * Placing and cancelling orders, each in one transaction on the primary. Stock is taken at once (all lines or
 * none), prices are copied into the lines, and a coupon is reserved with the order.
 */
@ApplicationScoped
public class OrderService {

    @Inject
    EntityManager em;

    @Inject
    StockReservation stock;

    @Inject
    CouponRedemption coupons;

    @Inject
    Wallet wallet;

    @Inject
    Outbox outbox;

    @Inject
    WriteFence fence;

    @Inject
    OrdersConfig config;

    @Inject
    Clock clock;

    /** A line asked for: product and units. */
    public record LineRequest(long productId, int quantity) {
    }

    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public OrderDetails place(long userId, List<LineRequest> lines, Long userCouponId) {
        Map<Long, Integer> quantities = new LinkedHashMap<>();
        for (LineRequest line : lines) {
            if (quantities.put(line.productId(), line.quantity()) != null) {
                throw ProblemException.invalid("Product " + line.productId() + " appears in more than one line");
            }
        }
        CouponRedemption.Discount discount = userCouponId == null ? null : coupons.usableDiscount(userId, userCouponId);
        List<StockReservation.Reserved> reserved = stock.reserve(quantities);

        long total = 0;
        for (StockReservation.Reserved line : reserved) {
            total = Math.addExact(total, Math.multiplyExact(line.unitPrice(), line.quantity()));
        }
        Instant now = Instant.now(clock);
        Order order = new Order();
        order.userId = userId;
        order.status = Order.Status.PENDING_PAYMENT;
        order.totalAmount = total;
        order.discountAmount = discount == null ? 0 : discount.on(total);
        order.payAmount = total - order.discountAmount;
        order.userCouponId = userCouponId;
        order.createdAt = now;
        order.expiresAt = now.plus(config.paymentWindow());
        order.updatedAt = now;
        order.persist();
        for (StockReservation.Reserved line : reserved) {
            OrderLine row = new OrderLine();
            row.orderId = order.id;
            row.productId = line.productId();
            row.productName = line.name();
            row.unitPrice = line.unitPrice();
            row.quantity = line.quantity();
            row.persist();
        }
        if (userCouponId != null) {
            coupons.reserve(userId, userCouponId, order.id);
        }
        fence.afterCommit(userId);
        return details(order, reserved.stream()
                .map(l -> new OrderDetails.Item(l.productId(), l.name(), l.unitPrice(), l.quantity())).toList());
    }

    /**
     * Cancels the user's order: stock and coupon come back, and a paid order's points are refunded. Another
     * user's order is NOT_FOUND; a cancelled or expired one is ORDER_NOT_CANCELLABLE.
     */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = ProblemException.class)
    public OrderDetails cancel(long userId, long orderId) {
        // a plain FOR UPDATE (MariaDB, which stands in for MySQL locally, has no FOR UPDATE OF)
        @SuppressWarnings("unchecked")
        List<Order> locked = em.createNativeQuery("SELECT * FROM customer_order WHERE id = ?1 FOR UPDATE", Order.class)
                .setParameter(1, orderId).getResultList();
        Order order = locked.isEmpty() ? null : locked.get(0);
        if (order == null || order.userId != userId) {
            throw ProblemException.notFound("Order");
        }
        if (order.status != Order.Status.PENDING_PAYMENT && order.status != Order.Status.PAID) {
            throw new ProblemException(ErrorCode.ORDER_NOT_CANCELLABLE, "The order is " + order.status);
        }
        em.detach(order);
        boolean paid = order.status == Order.Status.PAID;
        Instant now = Instant.now(clock);
        int updated = em.createNativeQuery("""
                UPDATE customer_order SET status = 'CANCELLED', cancelled_at = ?1, updated_at = ?1
                WHERE id = ?2 AND status = ?3""")
                .setParameter(1, now).setParameter(2, orderId).setParameter(3, order.status.name())
                .executeUpdate();
        if (updated != 1) {
            throw new IllegalStateException("Order " + orderId + " changed under its lock");
        }
        List<OrderLine> lines = OrderLine.list("orderId = ?1 order by productId", orderId);
        Long paymentId = null;
        if (paid) {
            wallet.refund(userId, order.payAmount, orderId);
            paymentId = refundPayment(orderId, now);
        }
        stock.release(quantities(lines));
        if (order.userCouponId != null) {
            coupons.giveBack(order.userCouponId, orderId);
        }
        outbox.orderCancelled(PaymentEvents.OrderCancelled.of(now, orderId, userId, paid ? order.payAmount : 0,
                paymentId, order.paidAt, eventItems(lines)));
        order.status = Order.Status.CANCELLED;
        order.cancelledAt = now;
        fence.afterCommit(userId);
        return details(order, lines.stream()
                .map(l -> new OrderDetails.Item(l.productId, l.productName, l.unitPrice, l.quantity)).toList());
    }

    private Long refundPayment(long orderId, Instant now) {
        Object id = em.createNativeQuery("SELECT id FROM payment WHERE order_id = ?1").setParameter(1, orderId)
                .getSingleResult();
        int updated = em.createNativeQuery("""
                UPDATE payment SET status = 'REFUNDED', refunded_at = ?1 WHERE order_id = ?2 AND status = 'PAID'""")
                .setParameter(1, now).setParameter(2, orderId).executeUpdate();
        if (updated != 1) {
            throw new IllegalStateException("Order " + orderId + " is PAID without a PAID payment");
        }
        return ((Number) id).longValue();
    }

    static Map<Long, Integer> quantities(List<OrderLine> lines) {
        Map<Long, Integer> quantities = new LinkedHashMap<>();
        for (OrderLine line : lines) {
            quantities.merge(line.productId, line.quantity, Integer::sum);
        }
        return quantities;
    }

    static List<PaymentEvents.Item> eventItems(List<OrderLine> lines) {
        return lines.stream().map(l -> new PaymentEvents.Item(l.productId, l.quantity, l.unitPrice)).toList();
    }

    static OrderDetails details(Order o, List<OrderDetails.Item> items) {
        return new OrderDetails(o.id, o.status.name(), items, o.totalAmount, o.discountAmount, o.payAmount,
                o.userCouponId, o.createdAt, o.expiresAt, o.paidAt, o.cancelledAt);
    }
}
