package com.flashcart.common.db;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Runs work in a transaction of its own, retrying it whole when the database reports a deadlock or a lock wait
 * timeout: such a transaction was rolled back entirely, so running it again is safe, and the client never sees
 * the conflict. (One known source: concurrent repeats of an Idempotency-Key whose first request was refused and
 * rolled back: InnoDB lets the waiting inserts deadlock each other, and the retries then find the stored answer.)
 */
public final class Transactions {

    private static final Logger LOG = Logger.getLogger(Transactions.class);
    private static final int ATTEMPTS = 8;

    private Transactions() {
    }

    public static <T> T inNew(Supplier<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(work::get);
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !SqlErrors.isRetryableConflict(e)) {
                    throw e;
                }
                LOG.debugf("Transaction conflict (attempt %d), retrying: %s", attempt, e.getMessage());
                pause(attempt);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 10L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
