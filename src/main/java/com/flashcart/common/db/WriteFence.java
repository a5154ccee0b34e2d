package com.flashcart.common.db;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;

/**
 * Read-your-writes for replica reads. After a transaction that changed a user's data commits, the user is
 * fenced for (max replica lag + a margin): while fenced, that user's lagging reads go to the primary. Any
 * write older than the fence has reached the replica, because the replica is only used while its measured lag
 * is within the maximum. The fence lives in Redis so every instance honours it.
 */
@ApplicationScoped
public class WriteFence {

    private static final Logger LOG = Logger.getLogger(WriteFence.class);
    private static final Duration MARGIN = Duration.ofSeconds(2);

    @Inject
    RedisDataSource redis;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    ReadConfig config;

    /** Fences {@code userId} once the current transaction commits (nothing happens on rollback). */
    public void afterCommit(long userId) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    fence(userId);
                }
            }
        });
    }

    /** Whether this user wrote recently enough that the replica may not show it yet. */
    public boolean fenced(long userId) {
        try {
            return redis.key().exists(key(userId));
        } catch (RuntimeException e) {
            // without Redis we cannot know: the primary is always right
            return true;
        }
    }

    private void fence(long userId) {
        try {
            redis.value(String.class).set(key(userId), "1", new SetArgs().px(config.maxLag().plus(MARGIN)));
        } catch (RuntimeException e) {
            LOG.warnf("Write fence for user %d not set: %s", userId, e.getMessage());
        }
    }

    private static String key(long userId) {
        return "fc:user:" + userId + ":wrote";
    }
}
