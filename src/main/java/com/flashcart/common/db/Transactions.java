package com.flashcart.common.db;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The one way use cases and background jobs open a transaction (docs/architecture.md, "Transactions"): work runs in
 * a transaction of its own, committed when it returns and rolled back when it throws, and is retried whole when
 * the database reports a deadlock or a lock wait timeout: such a transaction was rolled back entirely, so running
 * it again is safe, and the client never sees the conflict. The operations work calls join it
 * ({@code @Transactional(MANDATORY)}). The outbox relay alone opens its own JDBC transaction, for its isolation level.
 */
public final class Transactions {

    private static final Logger LOG = Logger.getLogger(Transactions.class);
    private static final int ATTEMPTS = 8;

    private Transactions() {
    }

    @SuppressWarnings("unchecked")
    public static <T> T inNew(Supplier<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(work::get);
            } catch (RolledBack rolledBack) {
                return (T) rolledBack.value;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !SqlErrors.isRetryableConflict(e)) {
                    throw e;
                }
                LOG.debugf("Transaction conflict (attempt %d), retrying: %s", attempt, e.getMessage());
                pause(attempt);
            }
        }
    }

    public static void inNew(Runnable work) {
        inNew(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Ends the work of {@link #inNew} here: its transaction rolls back, and {@code inNew} returns {@code value}.
     * Called as {@code return Transactions.rollBackWith(value);}.
     */
    public static <T> T rollBackWith(T value) {
        throw new RolledBack(value);
    }

    /** Carries a rolled-back transaction's answer out of it; no stack trace, as it is no failure. */
    private static final class RolledBack extends RuntimeException {
        private final transient Object value;

        RolledBack(Object value) {
            super(null, null, false, false);
            this.value = value;
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
