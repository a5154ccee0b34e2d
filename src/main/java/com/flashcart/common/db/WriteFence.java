package com.flashcart.common.db;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;

import com.flashcart.common.redis.EventLoopRedis;

import io.smallrye.mutiny.Uni;

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
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** Its clients reconnect after a failover has made their node a replica ({@code READONLY}). */
    @Inject
    EventLoopRedis redis;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    ReadConfig config;

    @Inject
    OutsideTransaction outside;

    /** Fences {@code userId} once the current transaction commits (nothing happens on rollback). */
    public void afterCommit(long userId) {
        afterCommit(List.of(userId));
    }

    /**
     * Fences all these users for the current transaction: the fence is sent to Redis as the transaction starts to
     * commit, and waited for once it has committed, so it is in place before the client hears of the write (the
     * commit's log flush and Redis's answer overlap instead of adding up). However many operations of a transaction
     * ask, its users are fenced in one call. A transaction that rolls back leaves a fence it did not need: that
     * user's reads go to the primary for a few seconds, which is always right.
     */
    public void afterCommit(Collection<Long> userIds) {
        @SuppressWarnings("unchecked")
        Set<Long> users = (Set<Long>) transactions.getResource(WriteFence.class);
        if (users == null) {
            users = new LinkedHashSet<>();
            transactions.putResource(WriteFence.class, users);
            fenceOnCommit(users);
        }
        users.addAll(userIds);
    }

    private void fenceOnCommit(Set<Long> fenced) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            private CompletableFuture<Void> sent;

            @Override
            public void beforeCompletion() {
                List<Long> users = List.copyOf(fenced);
                sent = outside.start(() -> fence(users));
            }

            @Override
            public void afterCompletion(int status) {
                if (sent == null) {
                    return;
                }
                try {
                    sent.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    LOG.warnf("Write fence for users %s not set: %s", fenced, e.toString());
                }
            }
        });
    }

    /** Whether this user wrote recently enough that the replica may not show it yet. */
    public boolean fenced(long userId) {
        try {
            return redis.execute("EXISTS", key(userId)).await().atMost(TIMEOUT).toInteger() == 1;
        } catch (RuntimeException e) {
            // without Redis we cannot know: the primary is always right
            return true;
        }
    }

    private Uni<Void> fence(Collection<Long> userIds) {
        String window = Long.toString(config.maxLag().plus(MARGIN).toMillis());
        List<Uni<Void>> sets = userIds.stream()
                .map(id -> redis.execute("SET", key(id), "1", "PX", window).replaceWithVoid())
                .toList();
        return Uni.join().all(sets).andFailFast().replaceWithVoid();
    }

    private static String key(long userId) {
        return "fc:user:" + userId + ":wrote";
    }
}
