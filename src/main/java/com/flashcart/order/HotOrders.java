package com.flashcart.order;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.flashcart.catalog.StockReservation;
import com.flashcart.common.db.ConsecutiveIds;
import com.flashcart.common.db.GroupCommit;
import com.flashcart.common.db.Transactions;
import com.flashcart.common.db.WriteFence;
import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;
import com.flashcart.common.idempotency.Idempotency;
import com.flashcart.common.idempotency.IdempotentRequest;
import com.flashcart.common.idempotency.UserWriteLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Orders of a hot product commit together. Each order on its own would hold the product row's lock through its
 * commit's log flush, so a crowd buying one product would be served one flush at a time. Instead the orders
 * waiting for one product are placed in one transaction ({@link GroupCommit}): the users' write locks at once, the
 * keys' earlier answers at once, one locking read and one conditional update of the product that takes stock for
 * as many of them as it has, in arrival order (the rest are refused OUT_OF_STOCK), and multi-row inserts of the
 * orders, their lines and the keys' answers. The answers are exactly those the orders would have had one at a time.
 * <p>
 * Only single-line orders without a coupon come here, and only while their product is contended (OrderService
 * decides); if a batch fails, its orders are placed one at a time. The order ids of one multi-row insert are
 * consecutive only with some auto-increment modes ({@link ConsecutiveIds}): with another this path is off and every
 * order is placed alone.
 */
@ApplicationScoped
public class HotOrders {

    private static final int MAX_BATCH = 200;

    /** An order for a hot product, and what its caller waits for. */
    record Hot(IdempotentRequest request, long productId, int quantity, CompletableFuture<Placed> answer) {
    }

    /** An order's outcome: placed by this request ({@code fresh}), the key's earlier answer, or a refusal. */
    record Placed(OrderDetails order, ProblemException refusal, boolean fresh) {
    }

    /** The batch could not be written; the order is to be placed alone. */
    static final class BatchFailed extends RuntimeException {
        BatchFailed(Throwable cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    @Inject
    StockReservation stock;

    @Inject
    Idempotency idempotency;

    @Inject
    UserWriteLock userLock;

    @Inject
    WriteFence fence;

    @Inject
    OrderRows rows;

    @Inject
    ConsecutiveIds consecutiveIds;

    @Inject
    Clock clock;

    private final GroupCommit<Hot, Long> commits = new GroupCommit<>("hot-order-writer", MAX_BATCH, Hot::productId,
            this::writeBatch, (hot, e) -> hot.answer().completeExceptionally(new BatchFailed(e)));
    private volatile boolean available;
    private final Counter grouped;
    private final Counter batches;

    @Inject
    HotOrders(MeterRegistry registry) {
        this.grouped = Counter.builder("flashcart.orders.hot.grouped")
                .description("Orders of hot products answered by a group commit").register(registry);
        this.batches = Counter.builder("flashcart.orders.hot.group.commits")
                .description("Group commits of hot products' orders").register(registry);
    }

    void start(@Observes StartupEvent start) {
        available = consecutiveIds.available();
        if (available) {
            commits.start();
        }
    }

    /**
     * On shutdown, before beans and datasources are destroyed: what waits is written, and this returns once it is
     * (a pre-destroy callback would race the datasources' own).
     */
    void stop(@Observes ShutdownEvent stop) {
        commits.stop();
    }

    boolean available() {
        return available;
    }

    /** Queues the order for its product's next group commit. */
    CompletableFuture<Placed> submit(IdempotentRequest request, long productId, int quantity) {
        CompletableFuture<Placed> answer = new CompletableFuture<>();
        commits.submit(new Hot(request, productId, quantity, answer));
        return answer;
    }

    private void writeBatch(List<Hot> batch) {
        Map<Hot, Placed> placed = Transactions.inNew(() -> placeAll(batch));
        batches.increment();
        grouped.increment(batch.size());
        batch.forEach(hot -> hot.answer().complete(placed.get(hot)));
    }

    private Map<Hot, Placed> placeAll(List<Hot> batch) {
        Map<Hot, Placed> placed = new HashMap<>();
        Set<Long> users = new LinkedHashSet<>();
        batch.forEach(hot -> users.add(hot.request().userId()));
        userLock.lock(users);

        // keys answered before (a repeat whose first request committed) are answered as then, and take nothing
        List<IdempotentRequest> keyed = batch.stream().map(Hot::request).filter(r -> r.key() != null).toList();
        Map<IdempotentRequest, Idempotency.Recorded<OrderDetails>> earlier = idempotency.earlier(keyed,
                OrderDetails.class);
        Map<IdempotentRequest, Hot> first = new HashMap<>();
        List<Hot> buying = new ArrayList<>();
        for (Hot hot : batch) {
            Idempotency.Recorded<OrderDetails> answer = earlier.get(hot.request());
            if (answer != null) {
                placed.put(hot, new Placed(answer.answer(), answer.refusal(), false));
            } else if (hot.request().key() != null && first.containsKey(hot.request())) {
                placed.put(hot, null); // the same request twice in one batch: answered as the first, below
            } else {
                first.put(hot.request(), hot);
                buying.add(hot);
            }
        }
        if (!buying.isEmpty()) {
            buy(buying, placed);
        }
        for (Hot hot : batch) {
            if (placed.get(hot) == null) {
                Placed original = placed.get(first.get(hot.request()));
                placed.put(hot, new Placed(original.order(), original.refusal(), false));
            }
        }
        return placed;
    }

    /** Takes what the product has for these orders, in their order, inserts the orders that got it, records keys. */
    private void buy(List<Hot> buying, Map<Hot, Placed> placed) {
        long productId = buying.get(0).productId();
        StockReservation.Shared shared = stock.reserveShared(productId,
                buying.stream().map(Hot::quantity).toList());
        Map<IdempotentRequest, Idempotency.Recorded<?>> answers = new LinkedHashMap<>();
        if (shared == null) {
            ProblemException unknown = new ProblemException(ErrorCode.NOT_FOUND, "Product " + productId + " not found");
            buying.forEach(hot -> refuse(hot, unknown, placed, answers));
            recordAll(answers);
            return;
        }
        List<Hot> sold = buying.subList(0, shared.granted());
        List<OrderDetails> orders = rows.insert(sold.stream().map(hot -> new OrderRows.NewOrder(hot.request().userId(),
                List.of(new StockReservation.Reserved(productId, shared.name(), shared.unitPrice(), hot.quantity()))))
                .toList(), Instant.now(clock));
        for (int i = 0; i < sold.size(); i++) {
            Hot hot = sold.get(i);
            OrderDetails order = orders.get(i);
            placed.put(hot, new Placed(order, null, true));
            if (hot.request().key() != null) {
                answers.put(hot.request(), new Idempotency.Recorded<>(order, null));
            }
        }
        for (Hot hot : buying.subList(shared.granted(), buying.size())) {
            refuse(hot, new ProblemException(ErrorCode.OUT_OF_STOCK, "Product " + productId + " does not have "
                    + hot.quantity() + " in stock"), placed, answers);
        }
        recordAll(answers);
        fence.afterCommit(sold.stream().map(hot -> hot.request().userId()).distinct().toList());
    }

    /**
     * Records the batch's answers; a key answered meanwhile by a request placed alone (it takes no write lock) fails
     * the batch, whose orders are then placed alone.
     */
    private void recordAll(Map<IdempotentRequest, Idempotency.Recorded<?>> answers) {
        if (!idempotency.recordAll(answers)) {
            throw new IllegalStateException("A key of the batch was answered meanwhile by a request placed alone");
        }
    }

    private static void refuse(Hot hot, ProblemException refusal, Map<Hot, Placed> placed,
            Map<IdempotentRequest, Idempotency.Recorded<?>> answers) {
        placed.put(hot, new Placed(null, refusal, true));
        if (hot.request().key() != null) {
            answers.put(hot.request(), new Idempotency.Recorded<>(null, refusal));
        }
    }
}
