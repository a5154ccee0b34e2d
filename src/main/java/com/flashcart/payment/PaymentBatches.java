package com.flashcart.payment;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.common.db.ConsecutiveIds;
import com.flashcart.common.db.GroupCommit;
import com.flashcart.common.db.SqlErrors;
import com.flashcart.common.db.Transactions;
import com.flashcart.common.error.ProblemException;
import com.flashcart.common.idempotency.Idempotency;
import com.flashcart.common.idempotency.IdempotentRequest;
import com.flashcart.order.Orders;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Payments commit together. Alone, a payment is one transaction of eight statements and a log flush; here the
 * payments that wait at the same moment are written in one transaction ({@link GroupCommit}), as soon as the one
 * before it has committed, so batches grow exactly as fast as the database is slow and a payment that finds nothing
 * in flight goes at once. Each order's conditional move to PAID and each wallet's conditional update stay one
 * statement per payment (in id order, so batches and lone payments lock alike); the orders' read, the ledger rows, the
 * payment rows, the events and the keys' answers are one statement each for the whole batch, and so is the commit.
 * <p>
 * A batch only pays. A payment whose order is not payable (paid already, a repeat, another user's, expired) changes
 * nothing in the batch and goes alone after it, exactly as without batches: it gets its refusal, or its key's
 * answer. If a payment would be refused once its order has moved (a balance that does not cover it, a key answered
 * before), or the batch fails in any other way, the batch is rolled back whole and each of its payments goes alone.
 * So the answers are those the payments would have had one at a time; a short balance costs the others of its batch
 * one rolled-back attempt. The payment ids of a batch come from one multi-row insert: batches are on only where those
 * are consecutive ({@link ConsecutiveIds}).
 */
@ApplicationScoped
public class PaymentBatches {

    private static final Logger LOG = Logger.getLogger(PaymentBatches.class);
    private static final int MAX_BATCH = 100;

    /** A payment waiting for a batch, and what its caller waits for: its receipt, or null to go alone. */
    record Paying(IdempotentRequest request, long orderId, CompletableFuture<PaymentService.Receipt> receipt) {
    }

    @Inject
    PaymentService payments;

    @Inject
    Orders orders;

    @Inject
    Idempotency idempotency;

    @Inject
    ConsecutiveIds consecutiveIds;

    @Inject
    Clock clock;

    private final GroupCommit<Paying, Boolean> commits = new GroupCommit<>("payment-writer", MAX_BATCH,
            paying -> Boolean.TRUE, this::writeBatch, this::failed);
    private volatile boolean available;
    private final Counter grouped;
    private final Counter alone;
    private final Counter failed;

    @Inject
    PaymentBatches(MeterRegistry registry) {
        this.grouped = Counter.builder("flashcart.payments.grouped")
                .description("Payments committed in a batch of two or more").register(registry);
        this.alone = Counter.builder("flashcart.payments.batch.fallbacks")
                .description("Payments that went alone after their batch: refused, or rolled back with it")
                .register(registry);
        this.failed = Counter.builder("flashcart.payments.batch.failed")
                .description("Payments whose batch failed unexpectedly (logged), so that they went alone")
                .register(registry);
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

    /**
     * The payment's receipt from the next batch, waited for on the calling thread (never the event loop); null when
     * it is to go alone: batches are off, or its batch was rolled back.
     */
    PaymentService.Receipt pay(IdempotentRequest request, long orderId) {
        if (!available) {
            return null;
        }
        CompletableFuture<PaymentService.Receipt> receipt = new CompletableFuture<>();
        commits.submit(new Paying(request, orderId, receipt));
        return receipt.join();
    }

    /** A payment whose batch failed (or that came after the stop): it goes alone. */
    private void failed(Paying paying, Throwable e) {
        failed.increment();
        paying.receipt().complete(null);
    }

    private void writeBatch(List<Paying> batch) {
        Map<Paying, PaymentService.Receipt> receipts;
        try {
            receipts = Transactions.inNew(() -> payAll(batch));
        } catch (RuntimeException e) {
            if (!SqlErrors.isRetryableConflict(e)) {
                throw e; // logged by the group commit, and counted; the payments go alone all the same
            }
            // a conflict that outlived the retries
            LOG.debugf("A batch of %d payments goes alone: %s", batch.size(), e.getMessage());
            receipts = Map.of();
        }
        if (receipts.size() > 1) {
            grouped.increment(receipts.size());
        }
        alone.increment(batch.size() - receipts.size());
        for (Paying paying : batch) {
            paying.receipt().complete(receipts.get(paying));
        }
    }

    /**
     * Pays the orders of the batch that are payable; one that is not (paid already, another user's, expired) changed
     * nothing and goes alone, to get its refusal or its key's answer. Rolls back and returns no receipt when a
     * payment would be refused after its order moved (a balance that does not cover it, a key answered before).
     */
    private Map<Paying, PaymentService.Receipt> payAll(List<Paying> batch) {
        Instant now = Instant.now(clock);
        Map<Orders.Payable, Orders.Paid> moved = orders.markAllPaid(batch.stream()
                .map(p -> new Orders.Payable(p.request().userId(), p.orderId())).toList(), now);
        // the first request for an order pays it; another for the same order (a repeat) found it paid, and goes alone
        Set<Orders.Payable> taken = new HashSet<>();
        List<Paying> paying = new ArrayList<>();
        List<PaymentService.Settling> settling = new ArrayList<>();
        for (Paying p : batch) {
            Orders.Payable payable = new Orders.Payable(p.request().userId(), p.orderId());
            if (moved.containsKey(payable) && taken.add(payable)) {
                paying.add(p);
                settling.add(new PaymentService.Settling(payable.userId(), moved.get(payable)));
            }
        }
        List<PaymentService.Receipt> receipts;
        try {
            receipts = payments.settleAll(settling, now);
        } catch (ProblemException refused) {
            return Transactions.rollBackWith(Map.of());
        }
        Map<Paying, PaymentService.Receipt> byPayment = new HashMap<>();
        Map<IdempotentRequest, Idempotency.Recorded<?>> answers = new HashMap<>();
        for (int i = 0; i < paying.size(); i++) {
            byPayment.put(paying.get(i), receipts.get(i));
            if (paying.get(i).request().key() != null) {
                answers.put(paying.get(i).request(), new Idempotency.Recorded<>(receipts.get(i), null));
            }
        }
        // a key's second request in this batch found its order paid by the first, so the keys here are distinct; a
        // key answered before (a refusal recorded when the balance was short) keeps that answer
        if (!idempotency.recordAll(answers)) {
            return Transactions.rollBackWith(Map.of());
        }
        return byPayment;
    }
}
