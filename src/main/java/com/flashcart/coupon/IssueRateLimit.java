package com.flashcart.coupon;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;
import com.flashcart.common.redis.RedisScript;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Caps issue requests per user per second, counted in Redis so the cap holds across every instance: a client
 * hammering the button during a flash sale gets 429 with {@code Retry-After} instead of a share of the capacity.
 */
@ApplicationScoped
public class IssueRateLimit {

    private static final Logger LOG = Logger.getLogger(IssueRateLimit.class);
    private static final RedisScript COUNT = RedisScript.fromResource("redis/rate-limit.lua");
    private static final Duration WINDOW = Duration.ofSeconds(1);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    CouponConfig config;

    @Inject
    Clock clock;

    public void check(long userId) {
        checkLater(userId).await().indefinitely();
    }

    /** {@link #check} without blocking: fails with RATE_LIMITED, or UNAVAILABLE when Redis does not answer. */
    public Uni<Void> checkLater(long userId) {
        long second = clock.millis() / WINDOW.toMillis();
        String key = "fc:coupon:rate:" + userId + ":" + second;
        // the window key lives twice the window, so a late instance clock still finds the right counter
        return COUNT.call(redis, List.of(key), List.of(Long.toString(2 * WINDOW.toMillis())))
                .ifNoItem().after(config.redisTimeout()).fail()
                .onFailure().transform(e -> {
                    LOG.warnf("Coupon issuance: Redis did not answer the rate limit: %s", e.toString());
                    return new ProblemException(ErrorCode.UNAVAILABLE, "Coupon issuance is unavailable; try again shortly",
                            Duration.ofSeconds(1));
                })
                .map(count -> {
                    if (count.toLong() > config.issueRequestsPerSecond()) {
                        throw new ProblemException(ErrorCode.RATE_LIMITED,
                                "At most " + config.issueRequestsPerSecond() + " issue requests per second", WINDOW);
                    }
                    return null;
                });
    }
}
