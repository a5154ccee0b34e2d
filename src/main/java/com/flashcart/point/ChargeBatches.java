package com.flashcart.point;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.common.db.GroupCommit;
import com.flashcart.common.db.SqlErrors;
import com.flashcart.common.db.Transactions;
import com.flashcart.common.idempotency.Idempotency;
import com.flashcart.common.idempotency.IdempotentRequest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Charges commit together, as payments do ({@code payment.PaymentBatches}). Alone, a charge is one transaction of
 * four statements (the wallet's conditional update, the ledger row, the key's answer, the commit); here the charges
 * that wait at the same moment are written in one transaction ({@link GroupCommit}) as soon as the one before it has
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

    private static final Logger LOG = Logger.getLogger(ChargeBatches.class);
    private static final int MAX_BATCH = 100;

    /** A charge waiting for a batch, and what its caller waits for: its answer, or null to go alone. */
    record Charging(IdempotentRequest request, long amount, CompletableFuture<PointService.Charged> answer) {
    }

    @Inject
    Wallet wallet;

    @Inject
    Idempotency idempotency;

    private final GroupCommit<Charging, Boolean> commits = new GroupCommit<>("charge-writer", MAX_BATCH,
            charging -> Boolean.TRUE, this::writeBatch, this::failed);
    private final Counter grouped;
    private final Counter alone;
    private final Counter failed;

    @Inject
    ChargeBatches(MeterRegistry registry) {
        this.grouped = Counter.builder("flashcart.charges.grouped")
                .description("Charges committed in a batch of two or more").register(registry);
        this.alone = Counter.builder("flashcart.charges.batch.fallbacks")
                .description("Charges that went alone after their batch: refused, repeated, or rolled back with it")
                .register(registry);
        this.failed = Counter.builder("flashcart.charges.batch.failed")
                .description("Charges whose batch failed unexpectedly (logged), so that they went alone")
                .register(registry);
    }

    void start(@Observes StartupEvent start) {
        commits.start();
    }

    /**
     * On shutdown, before beans and datasources are destroyed: what waits is written, and this returns once it is.
     */
    void stop(@Observes ShutdownEvent stop) {
        commits.stop();
    }

    /** The charge's answer from the next batch, completed by the batch's writer; null when it is to go alone. */
    CompletionStage<PointService.Charged> submit(IdempotentRequest request, long amount) {
        CompletableFuture<PointService.Charged> answer = new CompletableFuture<>();
        commits.submit(new Charging(request, amount, answer));
        return answer;
    }

    /** A charge whose batch failed (or that came after the stop): it goes alone. */
    private void failed(Charging charging, Throwable e) {
        failed.increment();
        charging.answer().complete(null);
    }

    private void writeBatch(List<Charging> batch) {
        Map<Charging, PointService.Charged> answers;
        try {
            answers = Transactions.inNew(() -> chargeAll(batch));
        } catch (RuntimeException e) {
            if (!SqlErrors.isRetryableConflict(e)) {
                throw e; // logged by the group commit, and counted; the charges go alone all the same
            }
            LOG.debugf("A batch of %d charges goes alone: %s", batch.size(), e.getMessage());
            answers = Map.of();
        }
        if (answers.size() > 1) {
            grouped.increment(answers.size());
        }
        alone.increment(batch.size() - answers.size());
        for (Charging charging : batch) {
            charging.answer().complete(answers.get(charging));
        }
    }

    /**
     * Charges every charge of the batch that the balance limit allows, then records the keyed ones' answers; rolls
     * back and returns no answer when a key had one already.
     */
    private Map<Charging, PointService.Charged> chargeAll(List<Charging> batch) {
        // the first request with a key charges; a repeat in the same batch goes alone and finds its answer
        Set<List<Object>> keys = new HashSet<>();
        List<Charging> charging = batch.stream().filter(c -> c.request().key() == null
                || keys.add(List.of(c.request().userId(), c.request().key()))).toList();
        List<Long> balances = wallet.chargeEach(charging.stream()
                .map(c -> new Wallet.Credit(c.request().userId(), c.amount())).toList());
        Map<Charging, PointService.Charged> answers = new HashMap<>();
        Map<IdempotentRequest, Idempotency.Recorded<?>> records = new HashMap<>();
        for (int i = 0; i < charging.size(); i++) {
            Long balance = balances.get(i);
            if (balance == null) {
                continue; // refused: nothing changed for it, and it goes alone to get its refusal
            }
            Charging c = charging.get(i);
            PointService.Charged charged = new PointService.Charged(c.request().userId(), balance, c.amount());
            answers.put(c, charged);
            if (c.request().key() != null) {
                records.put(c.request(), new Idempotency.Recorded<>(charged, null));
            }
        }
        if (!idempotency.recordAll(records)) {
            return Transactions.rollBackWith(Map.of());
        }
        return answers;
    }
}
