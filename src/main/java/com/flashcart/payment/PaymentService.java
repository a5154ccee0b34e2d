package com.flashcart.payment;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import com.flashcart.common.db.Placeholders;
import com.flashcart.common.db.WriteFence;
import com.flashcart.common.error.ProblemException;
import com.flashcart.common.http.OffEventLoop;
import com.flashcart.common.idempotency.Idempotency;
import com.flashcart.common.idempotency.IdempotentRequest;
import com.flashcart.coupon.CouponRedemption;
import com.flashcart.order.Orders;
import com.flashcart.outbox.Outbox;
import com.flashcart.point.Wallet;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Paying an order with points: one transaction on the primary (through {@link Idempotency}). The order moves to
 * PAID ({@link Orders#markPaid}, which serialises concurrent payments of one order on its row), the wallet spends
 * the pay amount, the payment row is written (unique per order), the coupon is used and PaymentCompleted goes to
 * the outbox. Any refusal undoes all of it.
 */
@ApplicationScoped
public class PaymentService {

    @Inject
    EntityManager em;

    @Inject
    Idempotency idempotency;

    @Inject
    PaymentBatches batches;

    @Inject
    Orders orders;

    @Inject
    Wallet wallet;

    @Inject
    CouponRedemption coupons;

    @Inject
    Outbox outbox;

    /** Where this capability's events go (configurable, so tests and environments can have their own). */
    @ConfigProperty(name = "flashcart.events.payment-completed-topic", defaultValue = "payment-completed")
    String completedTopic;

    @Inject
    WriteFence fence;

    @Inject
    Clock clock;

    /** The answer to a payment (shared/API.md: {@code POST /api/v1/orders/{id}/payment}). */
    @RegisterForReflection
    public record Receipt(long orderId, long paymentId, String status, long paidAmount, Instant paidAt) {
    }

    /**
     * Pays the order: with the payments waiting at the same moment when it can ({@link PaymentBatches}), else alone,
     * under the request's Idempotency-Key either way. Called on the event loop: a payment that its batch commits
     * holds no thread while it waits and is answered there; one that goes alone runs on a worker thread.
     */
    public Uni<Receipt> payLater(long userId, String idempotencyKey, long orderId) {
        IdempotentRequest request = new IdempotentRequest(userId, idempotencyKey, "order.pay:" + orderId, orderId);
        ProblemException invalid = idempotency.invalidKey(request);
        if (invalid != null) {
            return Uni.createFrom().failure(invalid);
        }
        return OffEventLoop.resume(() -> batches.submit(request, orderId))
                .chain(receipt -> receipt != null ? Uni.createFrom().item(receipt)
                        : OffEventLoop.call(() -> idempotency.run(request, Receipt.class, () -> payNow(userId, orderId))));
    }

    /** Pays in the payment use case's transaction: moves the order to PAID, then settles it. */
    private Receipt payNow(long userId, long orderId) {
        Instant now = Instant.now(clock);
        return settle(orders.markPaid(userId, orderId, now), now);
    }

    /** What paying an order that is PAID in this transaction takes: the points, the payment, the coupon, the event. */
    Receipt settle(Orders.Paid order, Instant now) {
        if (order.payAmount() > 0) {
            wallet.spendAll(List.of(new Wallet.Spend(order.userId(), order.payAmount(), order.orderId())));
        }
        return record(List.of(order), now).get(0);
    }

    /**
     * What paying orders takes once their points are spent, for one order or a group commit's many, in as many
     * statements as for one: one insert each of the payments and the events (and a coupon's use each). The receipts
     * come in the order given.
     */
    List<Receipt> record(List<Orders.Paid> paid, Instant now) {
        if (paid.isEmpty()) {
            return List.of();
        }
        List<Long> paymentIds = insertPayments(paid, now);
        List<Receipt> receipts = new ArrayList<>(paid.size());
        List<Outbox.NewEvent> events = new ArrayList<>(paid.size());
        for (int i = 0; i < paid.size(); i++) {
            Orders.Paid order = paid.get(i);
            if (order.userCouponId() != null) {
                coupons.use(order.userCouponId(), order.orderId());
            }
            PaymentCompleted event = PaymentCompleted.of(now, order.orderId(), order.userId(), paymentIds.get(i),
                    order.payAmount(), order.discountAmount(), order.items());
            events.add(new Outbox.NewEvent(completedTopic, Long.toString(order.orderId()), event.eventId(),
                    PaymentCompleted.TYPE, event));
            receipts.add(new Receipt(order.orderId(), paymentIds.get(i), Payment.PAID, order.payAmount(), now));
        }
        outbox.addAll(events);
        fence.afterCommit(paid.stream().map(Orders.Paid::userId).distinct().toList());
        return receipts;
    }

    /**
     * One insert of every payment; their ids, in the order given, are the statement's generated keys (consecutive:
     * {@link com.flashcart.common.db.ConsecutiveIds}, which {@link PaymentBatches} checks before it groups any).
     */
    private List<Long> insertPayments(List<Orders.Paid> paid, Instant now) {
        String sql = "INSERT INTO payment (order_id, user_id, amount, status, paid_at) VALUES "
                + Placeholders.repeated(paid.size(), "(?, ?, ?, ?, ?)");
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(sql,
                    Statement.RETURN_GENERATED_KEYS)) {
                int p = 1;
                LocalDateTime paidAt = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
                for (Orders.Paid order : paid) {
                    insert.setLong(p++, order.orderId());
                    insert.setLong(p++, order.userId());
                    insert.setLong(p++, order.payAmount());
                    insert.setString(p++, Payment.PAID);
                    insert.setObject(p++, paidAt);
                }
                insert.executeUpdate();
                List<Long> ids = new ArrayList<>(paid.size());
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    while (keys.next()) {
                        ids.add(keys.getLong(1));
                    }
                }
                if (ids.size() != paid.size()) {
                    throw new IllegalStateException(ids.size() + " payment ids for " + paid.size() + " payments");
                }
                return ids;
            }
        });
    }
}
