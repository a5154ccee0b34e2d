package com.flashcart.point;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.flashcart.common.db.Batches;
import com.flashcart.common.db.Transactions;
import com.flashcart.common.idempotency.Idempotency;
import com.flashcart.common.idempotency.IdempotentRequest;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Charges commit together, as payments do ({@code payment.PaymentBatches}). Alone, a charge is one transaction of
 * four statements (the wallet's conditional update, the ledger row, the key's answer, the commit); here the charges
 * that wait at the same moment are written in one transaction ({@link Batches}) as soon as the one before it has
 * committed: each wallet's conditional update stays one statement per charge (in user id order, the order a charge
 * alone locks wallets in, as payments do), and the ledger rows, the keys' answers and the commit are one statement
 * each for the whole batch.
 * <p>
 * A batch only charges. A charge that the balance limit refuses (or whose user has no wallet) changes nothing and
 * goes alone after the batch, exactly as without batches, to get its refusal recorded under its key. So does the
 * second request with one key in a batch, which then finds the first one's answer. If a key turns out to have an
 * answer already (recorded by a request that went alone), or the batch fails in any other way, the batch is rolled
 * back whole and each of its charges goes alone: the answers are those the charges would have had one at a time.
 */
@ApplicationScoped
public class ChargeBatches {

    private static final int MAX_BATCH = 100;

    /** A charge of {@code amount} points, under its request (user, key, body). */
    record Charge(IdempotentRequest request, long amount) {
    }

    @Inject
    Wallet wallet;

    @Inject
    Idempotency idempotency;

    private final Batches<Charge, PointService.Charged> batches;

    @Inject
    ChargeBatches(MeterRegistry registry) {
        this.batches = new Batches<>("charge-writer", MAX_BATCH, "charges", "flashcart.charges", registry,
                this::chargeAll);
    }

    void start(@Observes StartupEvent start) {
        batches.start();
    }

    /**
     * On shutdown, before beans and datasources are destroyed: what waits is written, and this returns once it is.
     */
    void stop(@Observes ShutdownEvent stop) {
        batches.stop();
    }

    /** The charge's answer from the next batch; null when it is to go alone. */
    CompletionStage<PointService.Charged> submit(IdempotentRequest request, long amount) {
        return batches.submit(new Charge(request, amount));
    }

    /**
     * Charges every charge of the batch that the balance limit allows, then records the keyed ones' answers; rolls
     * back, every charge to go alone, when a key had an answer already.
     */
    private List<PointService.Charged> chargeAll(List<Charge> batch) {
        // the first request with a key charges; a repeat in the same batch goes alone and finds its answer
        List<Integer> charging = IdempotentRequest.firstOfEachKey(batch.stream().map(Charge::request).toList());
        List<Long> balances = wallet.chargeEach(charging.stream()
                .map(i -> new Wallet.Credit(batch.get(i).request().userId(), batch.get(i).amount())).toList());
        List<PointService.Charged> answers = new ArrayList<>(Batches.allAlone(batch.size()));
        Map<IdempotentRequest, Idempotency.Recorded<?>> records = new HashMap<>();
        for (int c = 0; c < charging.size(); c++) {
            Long balance = balances.get(c);
            if (balance == null) {
                continue; // refused: nothing changed for it, and it goes alone to get its refusal
            }
            Charge charge = batch.get(charging.get(c));
            PointService.Charged charged = new PointService.Charged(charge.request().userId(), balance,
                    charge.amount());
            answers.set(charging.get(c), charged);
            if (charge.request().key() != null) {
                records.put(charge.request(), new Idempotency.Recorded<>(charged, null));
            }
        }
        if (!idempotency.recordAll(records)) {
            return Transactions.rollBackWith(Batches.allAlone(batch.size()));
        }
        return answers;
    }
}
