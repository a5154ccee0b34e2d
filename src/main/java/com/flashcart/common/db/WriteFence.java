package com.flashcart.common.db;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
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

    @Inject
    RedisDataSource redis;

    @Inject
    AfterCommit afterCommit;

    @Inject
    ReadConfig config;

    /** Fences {@code userId} once the current transaction commits (nothing happens on rollback). */
    public void afterCommit(long userId) {
        afterCommit(List.of(userId));
    }

    /** Fences all these users once the current transaction commits, in one round of concurrent Redis calls. */
    public void afterCommit(Collection<Long> userIds) {
        afterCommit.run(() -> fence(userIds));
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

    private void fence(Collection<Long> userIds) {
        SetArgs window = new SetArgs().px(config.maxLag().plus(MARGIN));
        try {
            List<Uni<Void>> sets = userIds.stream()
                    .map(id -> redis.getReactive().value(String.class).set(key(id), "1", window))
                    .toList();
            Uni.join().all(sets).andFailFast().await().atMost(TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("Write fence for users %s not set: %s", userIds, e.getMessage());
        }
    }

    private static String key(long userId) {
        return "fc:user:" + userId + ":wrote";
    }
}
