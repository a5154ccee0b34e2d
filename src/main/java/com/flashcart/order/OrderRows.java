package com.flashcart.order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import com.flashcart.catalog.StockReservation;
import com.flashcart.common.db.ConsecutiveIds;
import com.flashcart.common.db.Placeholders;

/**
 * New orders pending payment, and their lines, inserted many at a time for the group commits of orders
 * ({@link HotOrders}, {@link OrderBatches}): one statement for the orders, one for all their lines. The orders' ids are
 * consecutive from {@code LAST_INSERT_ID()}, which only some auto-increment modes promise ({@link ConsecutiveIds}:
 * the group commits are off under the others).
 */
@ApplicationScoped
class OrderRows {

    @Inject
    EntityManager em;

    @Inject
    OrdersConfig config;

    /** An order to insert: its user, and its lines as their stock was taken (at those prices and names). */
    record NewOrder(long userId, List<StockReservation.Reserved> lines) {

        long total() {
            long total = 0;
            for (StockReservation.Reserved line : lines) {
                total = Math.addExact(total, Math.multiplyExact(line.unitPrice(), line.quantity()));
            }
            return total;
        }
    }

    /** Inserts the orders and their lines; their answers, in the order given, without a coupon. */
    List<OrderDetails> insert(List<NewOrder> orders, Instant now) {
        if (orders.isEmpty()) {
            return List.of();
        }
        Instant expires = now.plus(config.paymentWindow());
        Query insert = em.createNativeQuery("INSERT INTO customer_order (user_id, status, total_amount,"
                + " discount_amount, pay_amount, created_at, expires_at, updated_at) VALUES "
                + Placeholders.repeated(orders.size(), "(?, ?, ?, 0, ?, ?, ?, ?)"));
        long[] totals = new long[orders.size()];
        int p = 1;
        for (int i = 0; i < orders.size(); i++) {
            NewOrder order = orders.get(i);
            totals[i] = order.total();
            insert.setParameter(p++, order.userId()).setParameter(p++, Order.Status.PENDING_PAYMENT.name())
                    .setParameter(p++, totals[i]).setParameter(p++, totals[i]).setParameter(p++, now)
                    .setParameter(p++, expires).setParameter(p++, now);
        }
        if (insert.executeUpdate() != orders.size()) {
            throw new IllegalStateException("Not every order of the batch was inserted");
        }
        long firstId = ((Number) em.createNativeQuery("SELECT LAST_INSERT_ID()").getSingleResult()).longValue();

        int lines = orders.stream().mapToInt(order -> order.lines().size()).sum();
        Query insertLines = em.createNativeQuery(
                "INSERT INTO order_line (order_id, product_id, product_name, unit_price, quantity) VALUES "
                        + Placeholders.repeated(lines, "(?, ?, ?, ?, ?)"));
        p = 1;
        List<OrderDetails> placed = new ArrayList<>(orders.size());
        for (int i = 0; i < orders.size(); i++) {
            NewOrder order = orders.get(i);
            long id = firstId + i;
            List<OrderDetails.Item> items = new ArrayList<>(order.lines().size());
            for (StockReservation.Reserved line : order.lines()) {
                insertLines.setParameter(p++, id).setParameter(p++, line.productId()).setParameter(p++, line.name())
                        .setParameter(p++, line.unitPrice()).setParameter(p++, line.quantity());
                items.add(new OrderDetails.Item(line.productId(), line.name(), line.unitPrice(), line.quantity()));
            }
            placed.add(new OrderDetails(id, Order.Status.PENDING_PAYMENT.name(), items, totals[i], 0, totals[i], null,
                    now, expires, null, null));
        }
        insertLines.executeUpdate();
        return placed;
    }
}
