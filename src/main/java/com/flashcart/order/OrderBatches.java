package com.flashcart.order;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.flashcart.catalog.StockReservation;
import com.flashcart.common.db.Batches;
import com.flashcart.common.db.ConsecutiveIds;
import com.flashcart.common.db.Transactions;
import com.flashcart.common.db.WriteFence;
import com.flashcart.common.error.ProblemException;
import com.flashcart.common.idempotency.Idempotency;
import com.flashcart.common.idempotency.IdempotentRequest;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Orders commit together, as payments and charges do. Alone, placing an order is one transaction of five statements
 * (its stock taken, the order, its lines, the key's answer, the commit); here the orders that wait at the same moment
 * are placed in one transaction ({@link Batches}) as soon as the one before it has committed. Each order still
 * takes its own stock, all its lines or none, with the statements it would send alone
 * ({@link StockReservation#reserve}); the orders, all their lines, the keys' answers and the commit are one
 * statement each for the whole batch. (The orders of one hot product go to {@link HotOrders} instead, which takes
 * their stock with one statement.)
 * <p>
 * A batch only places. An order the database refuses (short of stock, an unknown product) took nothing, and goes
 * alone after the batch, exactly as without batches, to get its refusal; so does the second request with one key in
 * a batch, which then finds the first one's answer. If a key turns out to have an answer already, or the batch fails
 * in any other way, the batch is rolled back whole and each of its orders goes alone: the answers are those the
 * orders would have had one at a time. Orders with a coupon, and one-step checkouts, are placed alone.
 */
@ApplicationScoped
public class OrderBatches {

    private static final int MAX_BATCH = 100;

    /** An order (units per product) under its request (user, key, body). */
    record Placing(IdempotentRequest request, Map<Long, Integer> units) {
    }

    @Inject
    StockReservation stock;

    @Inject
    OrderRows rows;

    @Inject
    Idempotency idempotency;

    @Inject
    WriteFence fence;

    @Inject
    ConsecutiveIds consecutiveIds;

    @Inject
    Clock clock;

    private final Batches<Placing, OrderDetails> batches;

    @Inject
    OrderBatches(MeterRegistry registry) {
        // the hot products' group commit counts its orders as flashcart.orders.hot.grouped
        this.batches = new Batches<>("order-writer", MAX_BATCH, "orders", "flashcart.orders", registry,
                this::placeAll);
    }

    void start(@Observes StartupEvent start) {
        if (consecutiveIds.available()) {
            batches.start();
        }
    }

    /**
     * On shutdown, before beans and datasources are destroyed: what waits is written, and this returns once it is.
     */
    void stop(@Observes ShutdownEvent stop) {
        batches.stop();
    }

    /** The order's answer from the next batch; null when it is to go alone (batches are off, or it was refused). */
    CompletionStage<OrderDetails> submit(IdempotentRequest request, Map<Long, Integer> units) {
        return batches.submit(new Placing(request, units));
    }

    /**
     * Takes each order's stock in arrival order (one the database refuses takes nothing and is left out), inserts the
     * orders that got theirs and records the keyed ones' answers; rolls back, every order to go alone, when a key had
     * an answer already.
     */
    private List<OrderDetails> placeAll(List<Placing> batch) {
        List<Integer> placing = new ArrayList<>();
        List<OrderRows.NewOrder> orders = new ArrayList<>();
        // a repeat of a key in the same batch goes alone and finds the first one's answer
        for (int i : IdempotentRequest.firstOfEachKey(batch.stream().map(Placing::request).toList())) {
            try {
                Placing order = batch.get(i);
                orders.add(new OrderRows.NewOrder(order.request().userId(), stock.reserve(order.units())));
                placing.add(i);
            } catch (ProblemException refused) {
                // nothing was taken (a refused statement changes no row): it goes alone to get its refusal
            }
        }
        List<OrderDetails> placed = rows.insert(orders, Instant.now(clock));
        List<OrderDetails> answers = new ArrayList<>(Batches.allAlone(batch.size()));
        Map<IdempotentRequest, Idempotency.Recorded<?>> records = new HashMap<>();
        Set<Long> users = new LinkedHashSet<>();
        for (int p = 0; p < placing.size(); p++) {
            IdempotentRequest request = batch.get(placing.get(p)).request();
            answers.set(placing.get(p), placed.get(p));
            users.add(request.userId());
            if (request.key() != null) {
                records.put(request, new Idempotency.Recorded<>(placed.get(p), null));
            }
        }
        if (!idempotency.recordAll(records)) {
            return Transactions.rollBackWith(Batches.allAlone(batch.size()));
        }
        if (!users.isEmpty()) {
            fence.afterCommit(users);
        }
        return answers;
    }
}
