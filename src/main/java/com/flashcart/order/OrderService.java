package com.flashcart.order;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.flashcart.catalog.StockGate;
import com.flashcart.catalog.StockReservation;
import com.flashcart.common.db.WriteFence;
import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;
import com.flashcart.common.http.OffEventLoop;
import com.flashcart.common.idempotency.Idempotency;
import com.flashcart.common.idempotency.IdempotentRequest;
import com.flashcart.coupon.CouponRedemption;
import com.flashcart.outbox.Outbox;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The order use cases, each one transaction on the primary (through {@link Idempotency}, which also makes a repeat
 * of an Idempotency-Key answer what the first answered). Placing takes stock at once (all lines or none), copies
 * the prices into the lines and reserves the coupon; cancelling gives all of it back and has a paid order refunded.
 */
@ApplicationScoped
public class OrderService {

    @Inject
    Idempotency idempotency;

    @Inject
    EntityManager em;

    @Inject
    StockReservation stock;

    @Inject
    StockGate gate;

    @Inject
    HotOrders hot;

    @Inject
    OrderBatches batches;

    @Inject
    CouponRedemption coupons;

    @Inject
    PaidOrderRefunds refunds;

    @Inject
    PlacedOrderPayments payments;

    @Inject
    Outbox outbox;

    /** Where this capability's events go (configurable, so tests and environments can have their own). */
    @ConfigProperty(name = "flashcart.events.order-cancelled-topic", defaultValue = "order-cancelled")
    String cancelledTopic;

    @Inject
    WriteFence fence;

    @Inject
    OrdersConfig config;

    @Inject
    Clock clock;

    /**
     * Single-line orders this instance is placing, per product: a second one while one is in flight makes the product
     * hot. A product leaves the map with its last order in flight, so the map holds what is being ordered now, not
     * every product ever ordered here.
     */
    private final ConcurrentHashMap<Long, Integer> ordersInFlight = new ConcurrentHashMap<>();

    /**
     * What to order: 1..50 distinct products, 1..1000 units each, a coupon the user holds (optional), and whether to
     * pay it at once with points ({@code pay}: a one-step checkout, beyond the contract; absent means false, and is
     * left out of the request's idempotency fingerprint, so requests without it hash as they always did).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlaceOrder(@NotEmpty @Size(max = 50) List<@Valid @NotNull Line> items, @Min(1) Long userCouponId,
            Boolean pay) {

        boolean paid() {
            return Boolean.TRUE.equals(pay);
        }
    }

    @RegisterForReflection
    public record Line(@NotNull @Min(1) Long productId, @NotNull @Min(1) @Max(1000) Integer quantity) {
    }

    /**
     * Places an order, answering from the event loop when it can: the stock gate ({@link StockGate}) is asked first,
     * in Redis, so that once a product is sold out its orders are refused without a worker thread or the database
     * (a refusal under an Idempotency-Key is recorded by a group commit, so a repeat still gets the same answer).
     * Orders the gate lets through are placed in the database, which decides; if it refuses them, or a repeat of a
     * key finds the earlier answer, their units go back to the gate. When the gate cannot answer (Redis away), the
     * database decides alone.
     */
    public Uni<OrderDetails> placeLater(long userId, String idempotencyKey, PlaceOrder order) {
        IdempotentRequest request = new IdempotentRequest(userId, idempotencyKey, "order.place", order);
        Map<Long, Integer> units;
        StockGate.OrderKey orderKey;
        try {
            units = quantities(order);
            orderKey = idempotencyKey == null ? null
                    : new StockGate.OrderKey(userId, idempotencyKey, idempotency.fingerprint(request));
        } catch (ProblemException invalid) {
            return Uni.createFrom().failure(invalid);
        }
        return gate.take(units, orderKey).chain(take -> switch (take.decision()) {
            case OUT_OF_STOCK -> refused(request, orderKey, take, units);
            case BYPASSED -> OffEventLoop.call(() -> idempotency.run(request, OrderDetails.class,
                    () -> placeNow(userId, order)));
            case REPEAT -> OffEventLoop.call(() -> placeRepeat(request, order, units));
            case TAKEN -> placeGranted(request, order, units);
        });
    }

    /**
     * An order the gate let through. A single-line order without a coupon whose product has another order in flight
     * here is contended: it joins the product's next group commit ({@link HotOrders}). Any other order without a
     * coupon joins the next batch of orders ({@link OrderBatches}); one with a coupon, or a one-step checkout, is
     * placed alone.
     */
    private Uni<OrderDetails> placeGranted(IdempotentRequest request, PlaceOrder order, Map<Long, Integer> units) {
        if (order.userCouponId() != null || order.paid()) {
            return OffEventLoop.call(() -> placeTaken(request, order, units));
        }
        if (order.items().size() != 1 || !hot.available()) {
            return placeBatched(request, order, units);
        }
        Line line = order.items().get(0);
        long product = line.productId();
        Uni<OrderDetails> placed = ordersInFlight.merge(product, 1, Integer::sum) == 1
                ? placeBatched(request, order, units)
                : OffEventLoop.resume(() -> hot.submit(request, product, line.quantity()))
                        .chain(outcome -> {
                            if (outcome.refusal() != null || !outcome.fresh()) {
                                giveBack(units, outcome.refusal());
                            }
                            return outcome.refusal() != null ? Uni.createFrom().failure(outcome.refusal())
                                    : Uni.createFrom().item(outcome.order());
                        })
                        .onFailure(HotOrders.BatchFailed.class)
                        .recoverWithUni(() -> OffEventLoop.call(() -> placeTaken(request, order, units)));
        return placed.eventually(() -> ordersInFlight.computeIfPresent(product, (id, n) -> n == 1 ? null : n - 1));
    }

    /** How many products have single-line orders in flight on this instance (0 when it is idle). */
    int productsWithOrdersInFlight() {
        return ordersInFlight.size();
    }

    /**
     * An order the gate let through, placed with the orders waiting at the same moment; alone when its batch did not
     * place it (refused, a repeat, rolled back), and then its units go back to the gate unless it placed it.
     */
    private Uni<OrderDetails> placeBatched(IdempotentRequest request, PlaceOrder order, Map<Long, Integer> units) {
        return OffEventLoop.resume(() -> batches.submit(request, units))
                .chain(placed -> placed != null ? Uni.createFrom().item(placed)
                        : OffEventLoop.call(() -> placeTaken(request, order, units)));
    }

    /** {@link #placeLater}, waited for on the calling thread (never the event loop). */
    public OrderDetails place(long userId, String idempotencyKey, PlaceOrder order) {
        return placeLater(userId, idempotencyKey, order).await().indefinitely();
    }

    /** An order the gate let through: its units go back to the gate unless this request placed it. */
    private OrderDetails placeTaken(IdempotentRequest request, PlaceOrder order, Map<Long, Integer> units) {
        Idempotency.Answer<OrderDetails> answer;
        try {
            answer = idempotency.answer(request, OrderDetails.class, () -> placeNow(request.userId(), order));
        } catch (RuntimeException refusedOrFailed) {
            giveBack(units, refusedOrFailed);
            throw refusedOrFailed;
        }
        if (!answer.fresh()) {
            giveBack(units, null);
        }
        return answer.value();
    }

    /**
     * Gives the gate back the units of an order the database did not keep, without blocking. A refusal for want of
     * stock also tells the gate it counted units that are not there ({@link StockGate#refusedByDatabase}).
     */
    private void giveBack(Map<Long, Integer> units, RuntimeException refusal) {
        Uni<Void> back = refusal instanceof ProblemException problem && problem.code() == ErrorCode.OUT_OF_STOCK
                ? gate.refusedByDatabase(units) : gate.giveBack(units);
        back.subscribe().with(ignored -> {
        });
    }

    /**
     * A repeat of a key the gate granted a moment ago: the database answers it as the key's first request. If it is
     * the one that places the order (it got there before the granted request), it takes the grant's unit, which the
     * granted request gives back when it finds the key answered.
     */
    private OrderDetails placeRepeat(IdempotentRequest request, PlaceOrder order, Map<Long, Integer> units) {
        Idempotency.Answer<OrderDetails> answer = idempotency.answer(request, OrderDetails.class,
                () -> placeNow(request.userId(), order));
        if (answer.fresh()) {
            gate.takeAfter(units).subscribe().with(ignored -> {
            });
        }
        return answer.value();
    }

    /**
     * An order the gate refused: 409 OUT_OF_STOCK at once, or, under an Idempotency-Key, the key's answer (see
     * {@link Idempotency#refuseLater}), without a worker thread or a transaction either way.
     */
    private Uni<OrderDetails> refused(IdempotentRequest request, StockGate.OrderKey orderKey, StockGate.Take take,
            Map<Long, Integer> units) {
        ProblemException refusal = new ProblemException(ErrorCode.OUT_OF_STOCK, take.shortProduct() == null
                ? "This order's products are not in stock"
                : "Product " + take.shortProduct() + " does not have " + units.get(take.shortProduct()) + " in stock");
        if (orderKey == null) {
            return Uni.createFrom().failure(refusal);
        }
        // resumed on the request's event loop: the refusals' writer completes a whole batch, and would otherwise map
        // and write every answer of it itself before it takes the next batch
        return OffEventLoop.resume(() -> idempotency.refuseLater(request, orderKey.fingerprint(), refusal,
                take.firstFingerprint(), OrderDetails.class));
    }

    /** Units per product; the same product twice is a 400 (one line per product). */
    private static Map<Long, Integer> quantities(PlaceOrder order) {
        Map<Long, Integer> quantities = new LinkedHashMap<>();
        for (Line line : order.items()) {
            if (quantities.put(line.productId(), line.quantity()) != null) {
                throw ProblemException.invalid("Product " + line.productId() + " appears in more than one line");
            }
        }
        return quantities;
    }

    public OrderDetails cancel(long userId, String idempotencyKey, long orderId) {
        return idempotency.run(new IdempotentRequest(userId, idempotencyKey, "order.cancel:" + orderId, orderId),
                OrderDetails.class, () -> cancelNow(userId, orderId));
    }

    private OrderDetails placeNow(long userId, PlaceOrder request) {
        Map<Long, Integer> quantities = quantities(request);
        Long userCouponId = request.userCouponId();
        CouponRedemption.Discount discount = userCouponId == null ? null : coupons.usableDiscount(userId, userCouponId);
        List<StockReservation.Reserved> reserved = stock.reserve(quantities);

        Instant now = Instant.now(clock);
        long total = 0;
        for (StockReservation.Reserved line : reserved) {
            total = Math.addExact(total, Math.multiplyExact(line.unitPrice(), line.quantity()));
        }
        Order order = new Order();
        order.userId = userId;
        // a one-step checkout places the order as PAID, and its payment settles it in this same transaction
        order.status = request.paid() ? Order.Status.PAID : Order.Status.PENDING_PAYMENT;
        order.paidAt = request.paid() ? now : null;
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
        if (request.paid()) {
            List<LineItem> items = reserved.stream()
                    .sorted(Comparator.comparingLong(StockReservation.Reserved::productId))
                    .map(l -> new LineItem(l.productId(), l.quantity(), l.unitPrice())).toList();
            payments.pay(userId, new Orders.Paid(order.id, userId, order.payAmount, order.discountAmount,
                    userCouponId, items, null), now);
        }
        fence.afterCommit(userId);
        return details(order, reserved.stream()
                .map(l -> new OrderDetails.Item(l.productId(), l.name(), l.unitPrice(), l.quantity())).toList());
    }

    /**
     * Cancels the user's order: stock and coupon come back, and a paid order's payment is refunded. Another user's
     * order is NOT_FOUND; a cancelled or expired one is ORDER_NOT_CANCELLABLE.
     */
    private OrderDetails cancelNow(long userId, long orderId) {
        Order order = lockCancellable(userId, orderId);
        Instant now = Instant.now(clock);
        boolean paid = order.status == Order.Status.PAID;
        int updated = em.createNativeQuery("""
                UPDATE customer_order SET status = ?1, cancelled_at = ?2, updated_at = ?2 WHERE id = ?3 AND status = ?4""")
                .setParameter(1, Order.Status.CANCELLED.name()).setParameter(2, now).setParameter(3, orderId)
                .setParameter(4, order.status.name())
                .executeUpdate();
        if (updated != 1) {
            throw new IllegalStateException("Order " + orderId + " changed under its lock");
        }
        List<OrderLine> lines = OrderLine.list("orderId = ?1 order by productId", orderId);
        Long paymentId = paid ? refunds.refund(userId, orderId, order.payAmount, now) : null;
        stock.release(quantities(lines));
        if (order.userCouponId != null) {
            coupons.giveBack(order.userCouponId, orderId);
        }
        OrderCancelled event = OrderCancelled.of(now, orderId, userId, paid ? order.payAmount : 0, paymentId,
                order.paidAt, lineItems(lines));
        outbox.add(cancelledTopic, Long.toString(orderId), event.eventId(), OrderCancelled.TYPE, event);
        order.status = Order.Status.CANCELLED;
        order.cancelledAt = now;
        fence.afterCommit(userId);
        return details(order, lines.stream()
                .map(l -> new OrderDetails.Item(l.productId, l.productName, l.unitPrice, l.quantity)).toList());
    }

    /** The user's order, locked, if it may still be cancelled (pending payment or paid). */
    private Order lockCancellable(long userId, long orderId) {
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
        return order;
    }

    static Map<Long, Integer> quantities(List<OrderLine> lines) {
        Map<Long, Integer> quantities = new LinkedHashMap<>();
        for (OrderLine line : lines) {
            quantities.merge(line.productId, line.quantity, Integer::sum);
        }
        return quantities;
    }

    static List<LineItem> lineItems(List<OrderLine> lines) {
        return lines.stream().map(l -> new LineItem(l.productId, l.quantity, l.unitPrice)).toList();
    }

    static OrderDetails details(Order o, List<OrderDetails.Item> items) {
        return new OrderDetails(o.id, o.status.name(), items, o.totalAmount, o.discountAmount, o.payAmount,
                o.userCouponId, o.createdAt, o.expiresAt, o.paidAt, o.cancelledAt);
    }
}
