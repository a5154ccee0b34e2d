package com.flashcart.order;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.Session;

import com.flashcart.common.db.ReadSource;
import com.flashcart.common.error.ProblemException;
import com.flashcart.common.http.Cursor;
import com.flashcart.order.read.OrderLineView;
import com.flashcart.order.read.OrderView;

/** A user's orders, from the replica with read-your-writes (ReadSource); another user's order is not found. */
@ApplicationScoped
public class OrderQueries {

    @Inject
    ReadSource reads;

    /** A page of the user's orders, newest first (shared/API.md: {@code GET /api/v1/me/orders}). */
    public record Page(List<OrderDetails> items, String nextCursor) {
    }

    public OrderDetails order(long userId, long orderId) {
        Session session = reads.forUser(userId);
        OrderView order = session.find(OrderView.class, orderId);
        if (order == null || order.userId != userId) {
            throw ProblemException.notFound("Order");
        }
        return withLines(session, List.of(order)).get(0);
    }

    public Page page(long userId, int size, String cursor) {
        long before = Cursor.below("orders", cursor);
        Session session = reads.forUser(userId);
        List<OrderView> orders = session
                .createSelectionQuery("from OrderView where userId = :user and id < :before order by id desc", OrderView.class)
                .setParameter("user", userId)
                .setParameter("before", before)
                .setMaxResults(size + 1)
                .getResultList();
        String next = null;
        if (orders.size() > size) {
            orders = orders.subList(0, size);
            next = Cursor.after("orders", orders.get(size - 1).id);
        }
        return new Page(withLines(session, orders), next);
    }

    private static List<OrderDetails> withLines(Session session, List<OrderView> orders) {
        if (orders.isEmpty()) {
            return List.of();
        }
        Map<Long, List<OrderDetails.Item>> lines = session
                .createSelectionQuery("from OrderLineView where orderId in :ids order by productId", OrderLineView.class)
                .setParameter("ids", orders.stream().map(o -> o.id).toList())
                .getResultList().stream()
                .collect(Collectors.groupingBy(l -> l.orderId,
                        Collectors.mapping(l -> new OrderDetails.Item(l.productId, l.productName, l.unitPrice, l.quantity),
                                Collectors.toList())));
        return orders.stream()
                .map(o -> new OrderDetails(o.id, o.status, lines.getOrDefault(o.id, List.of()), o.totalAmount,
                        o.discountAmount, o.payAmount, o.userCouponId, o.createdAt, o.expiresAt, o.paidAt, o.cancelledAt))
                .toList();
    }
}
