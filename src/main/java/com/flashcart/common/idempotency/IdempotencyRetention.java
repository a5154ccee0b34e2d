package com.flashcart.common.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.flashcart.common.db.Transactions;

import io.quarkus.scheduler.Scheduled;

/**
 * Forgets idempotency records once they are older than the retention (48 h by default; the contract promises at
 * least 24 h), in small batches so no sweep holds many locks. Any instance may run it at the same time as another.
 */
@ApplicationScoped
public class IdempotencyRetention {

    private static final Logger LOG = Logger.getLogger(IdempotencyRetention.class);
    private static final int BATCH = 1000;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @ConfigProperty(name = "flashcart.idempotency.retention", defaultValue = "48h")
    Duration retention;

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            forgetExpired();
        } catch (RuntimeException e) {
            LOG.warnf("Idempotency retention sweep failed, the next one retries: %s", e.getMessage());
        }
    }

    /** Deletes every record older than the retention; returns how many. */
    public int forgetExpired() {
        Instant cutoff = Instant.now(clock).minus(retention);
        int total = 0;
        int deleted;
        do {
            deleted = Transactions.inNew(() -> em
                    .createNativeQuery("DELETE FROM idempotency_record WHERE created_at < ?1 LIMIT " + BATCH)
                    .setParameter(1, cutoff)
                    .executeUpdate());
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
