package com.flashcart.order;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.catalog.StockReservation;
import com.flashcart.common.db.ConsecutiveIds;
import com.flashcart.common.db.GroupCommit;
import com.flashcart.common.db.SqlErrors;
import com.flashcart.common.db.Transactions;
import com.flashcart.common.db.WriteFence;
import com.flashcart.common.error.ProblemException;
import com.flashcart.common.idempotency.Idempotency;
import com.flashcart.common.idempotency.IdempotentRequest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Orders commit together, as payments and charges do. Alone, placing an order is one transaction of five statements
 * (its stock taken, the order, its lines, the key's answer, the commit); here the orders that wait at the same moment
 * are placed in one transaction ({@link GroupCommit}) as soon as the one before it has committed. Each order still
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

    private static final Logger LOG = Logger.getLogger(OrderBatches.class);
    private static final int MAX_BATCH = 100;

    /** An order waiting for a batch (units per product), and what its caller waits for: its answer, or null. */
    record Placing(IdempotentRequest request, Map<Long, Integer> units, CompletableFuture<OrderDetails> answer) {
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

    private final GroupCommit<Placing, Boolean> commits = new GroupCommit<>("order-writer", MAX_BATCH,
            placing -> Boolean.TRUE, this::writeBatch, this::failed);
    private volatile boolean available;
    private final Counter grouped;
    private final Counter alone;
    private final Counter failed;

    @Inject
    OrderBatches(MeterRegistry registry) {
        this.grouped = Counter.builder("flashcart.orders.batched")
                .description("Orders placed in a batch of two or more").register(registry);
        this.alone = Counter.builder("flashcart.orders.batch.fallbacks")
                .description("Orders that went alone after their batch: refused, repeated, or rolled back with it")
                .register(registry);
        this.failed = Counter.builder("flashcart.orders.batch.failed")
                .description("Orders whose batch failed unexpectedly (logged), so that they went alone")
                .register(registry);
    }

    void start(@Observes StartupEvent start) {
        available = consecutiveIds.available();
        if (available) {
            commits.start();
        }
    }

    /**
     * On shutdown, before beans and datasources are destroyed: what waits is written, and this returns once it is.
     */
    void stop(@Observes ShutdownEvent stop) {
        commits.stop();
    }

    /** The order's answer from the next batch; null when it is to go alone (batches are off, or it was refused). */
    CompletionStage<OrderDetails> submit(IdempotentRequest request, Map<Long, Integer> units) {
        if (!available) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<OrderDetails> answer = new CompletableFuture<>();
        commits.submit(new Placing(request, units, answer));
        return answer;
    }

    /** An order whose batch failed (or that came after the stop): it goes alone. */
    private void failed(Placing placing, Throwable e) {
        failed.increment();
        placing.answer().complete(null);
    }

    private void writeBatch(List<Placing> batch) {
        Map<Placing, OrderDetails> answers;
        try {
            answers = Transactions.inNew(() -> placeAll(batch));
        } catch (RuntimeException e) {
            if (!SqlErrors.isRetryableConflict(e)) {
                throw e; // logged by the group commit, and counted; the orders go alone all the same
            }
            LOG.debugf("A batch of %d orders goes alone: %s", batch.size(), e.getMessage());
            answers = Map.of();
        }
        if (answers.size() > 1) {
            grouped.increment(answers.size());
        }
        alone.increment(batch.size() - answers.size());
        for (Placing placing : batch) {
            placing.answer().complete(answers.get(placing));
        }
    }

    /**
     * Takes each order's stock in arrival order (one the database refuses takes nothing and is left out), inserts the
     * orders that got theirs and records the keyed ones' answers; rolls back and returns no answer when a key had one
     * already.
     */
    private Map<Placing, OrderDetails> placeAll(List<Placing> batch) {
        Set<List<Object>> keys = new HashSet<>();
        List<Placing> placing = new ArrayList<>();
        List<OrderRows.NewOrder> orders = new ArrayList<>();
        for (Placing order : batch) {
            IdempotentRequest request = order.request();
            if (request.key() != null && !keys.add(List.of(request.userId(), request.key()))) {
                continue; // a repeat in the same batch goes alone and finds the first one's answer
            }
            try {
                orders.add(new OrderRows.NewOrder(request.userId(), stock.reserve(order.units())));
                placing.add(order);
            } catch (ProblemException refused) {
                // nothing was taken (a refused statement changes no row): it goes alone to get its refusal
            }
        }
        List<OrderDetails> placed = rows.insert(orders, Instant.now(clock));
        Map<Placing, OrderDetails> answers = new HashMap<>();
        Map<IdempotentRequest, Idempotency.Recorded<?>> records = new HashMap<>();
        Set<Long> users = new LinkedHashSet<>();
        for (int i = 0; i < placing.size(); i++) {
            Placing order = placing.get(i);
            answers.put(order, placed.get(i));
            users.add(order.request().userId());
            if (order.request().key() != null) {
                records.put(order.request(), new Idempotency.Recorded<>(placed.get(i), null));
            }
        }
        if (!idempotency.recordAll(records)) {
            return Transactions.rollBackWith(Map.of());
        }
        if (!users.isEmpty()) {
            fence.afterCommit(users);
        }
        return answers;
    }
}
