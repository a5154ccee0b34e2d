package com.flashcart.payment;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.flashcart.common.db.Batches;
import com.flashcart.common.db.ConsecutiveIds;
import com.flashcart.common.db.Transactions;
import com.flashcart.common.idempotency.Idempotency;
import com.flashcart.common.idempotency.IdempotentRequest;
import com.flashcart.order.Orders;
import com.flashcart.point.Wallet;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Payments commit together. Alone, a payment is one transaction of eight statements and a log flush; here the
 * payments that wait at the same moment are written in one transaction ({@link Batches}), as soon as the one
 * before it has committed, so batches grow exactly as fast as the database is slow and a payment that finds nothing
 * in flight goes at once. Each order's conditional move to PAID and each wallet's conditional update stay one
 * statement per payment (orders in id order, then wallets in user id order: the order a payment alone locks them
 * in); the orders' read, the ledger rows, the payment rows, the events and the keys' answers are one statement each
 * for the whole batch, and so is the commit.
 * <p>
 * A batch only pays. A payment whose order is not payable (paid already, a repeat, another user's, expired) takes
 * no part; one whose balance does not cover it has its order put back as it was. Either goes alone after the batch,
 * exactly as without batches: it gets its refusal, or its key's answer. If an order is no longer payable when it
 * moves (a cancel, the expiry sweep or another instance's payment came between the read and the move), or a key
 * turns out to have an answer already, or the batch fails in any other way, the batch is rolled back whole and each
 * of its payments goes alone. So the answers are those the payments would have had one at a time. The payment ids of
 * a batch come from one multi-row insert: batches are on only where those are consecutive ({@link ConsecutiveIds}).
 */
@ApplicationScoped
public class PaymentBatches {

    private static final int MAX_BATCH = 100;

    /** A payment of an order, under its request (user, key, order). */
    record Paying(IdempotentRequest request, long orderId) {
        Orders.Payable payable() {
            return new Orders.Payable(request.userId(), orderId);
        }
    }

    @Inject
    PaymentService payments;

    @Inject
    Orders orders;

    @Inject
    Wallet wallet;

    @Inject
    Idempotency idempotency;

    @Inject
    ConsecutiveIds consecutiveIds;

    @Inject
    Clock clock;

    private final Batches<Paying, PaymentService.Receipt> batches;

    @Inject
    PaymentBatches(MeterRegistry registry) {
        this.batches = new Batches<>("payment-writer", MAX_BATCH, "payments", "flashcart.payments", registry,
                this::payAll);
    }

    void start(@Observes StartupEvent start) {
        if (consecutiveIds.available()) {
            batches.start();
        }
    }

    /**
     * On shutdown, before beans and datasources are destroyed: what waits is written, and this returns once it is
     * (a pre-destroy callback would race the datasources' own).
     */
    void stop(@Observes ShutdownEvent stop) {
        batches.stop();
    }

    /**
     * The payment's receipt from the next batch, completed by the batch's writer; null when it is to go alone:
     * batches are off, or its batch was rolled back.
     */
    CompletionStage<PaymentService.Receipt> submit(IdempotentRequest request, long orderId) {
        return batches.submit(new Paying(request, orderId));
    }

    /**
     * Pays the orders of the batch that can be paid. The orders are read first (one statement, no lock): one that is
     * not payable (paid already, a repeat, another user's, none, past its window) takes no part, and goes alone
     * after the batch to get its refusal or its key's answer. The others move to PAID, then their wallets spend
     * (the locks in the order a payment alone takes them: order, then wallet); an order whose wallet does not cover
     * it is put back as it was, and goes alone too. If an order no longer moves (a cancel, the expiry sweep or
     * another instance's payment came between the read and the move), or a key had an answer already, the batch
     * rolls back and returns no receipt.
     */
    private List<PaymentService.Receipt> payAll(List<Paying> batch) {
        Instant now = Instant.now(clock);
        Map<Orders.Payable, Orders.Paid> payable = orders.payableNow(batch.stream().map(Paying::payable).toList(),
                now);
        // the first request for an order pays it; a repeat in the same batch goes alone and finds it paid
        Set<Orders.Payable> taken = new HashSet<>();
        List<Paying> paying = batch.stream()
                .filter(p -> payable.containsKey(p.payable()) && taken.add(p.payable())).toList();
        if (!orders.markAllPaid(paying.stream().map(Paying::payable).toList(), now)) {
            return Transactions.rollBackWith(Batches.allAlone(batch.size()));
        }
        Set<Long> notCovered = wallet.spendEach(paying.stream().map(p -> payable.get(p.payable()))
                .filter(order -> order.payAmount() > 0)
                .map(order -> new Wallet.Spend(order.userId(), order.payAmount(), order.orderId())).toList())
                .stream().map(Wallet.Spend::orderId).collect(Collectors.toSet());
        paying.stream().filter(p -> notCovered.contains(p.orderId()))
                .forEach(p -> orders.moveBack(payable.get(p.payable())));
        paying = paying.stream().filter(p -> !notCovered.contains(p.orderId())).toList();
        List<PaymentService.Receipt> receipts = payments.record(paying.stream().map(p -> payable.get(p.payable()))
                .toList(), now);
        Map<Paying, PaymentService.Receipt> byPayment = new IdentityHashMap<>();
        Map<IdempotentRequest, Idempotency.Recorded<?>> answers = new HashMap<>();
        for (int i = 0; i < paying.size(); i++) {
            byPayment.put(paying.get(i), receipts.get(i));
            if (paying.get(i).request().key() != null) {
                answers.put(paying.get(i).request(), new Idempotency.Recorded<>(receipts.get(i), null));
            }
        }
        if (!idempotency.recordAll(answers)) {
            return Transactions.rollBackWith(Batches.allAlone(batch.size()));
        }
        List<PaymentService.Receipt> inOrder = new ArrayList<>(batch.size());
        batch.forEach(p -> inOrder.add(byPayment.get(p)));
        return inOrder;
    }
}
