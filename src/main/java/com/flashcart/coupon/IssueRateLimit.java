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
        long second = clock.millis() / WINDOW.toMillis();
        String key = "fc:coupon:rate:" + userId + ":" + second;
        long count;
        try {
            // the window key lives twice the window, so a late instance clock still finds the right counter
            count = COUNT.call(redis, List.of(key), List.of(Long.toString(2 * WINDOW.toMillis())))
                    .await().atMost(config.redisTimeout()).toLong();
        } catch (RuntimeException e) {
            LOG.warnf("Coupon issuance: Redis did not answer the rate limit: %s", e.toString());
            throw new ProblemException(ErrorCode.UNAVAILABLE, "Coupon issuance is unavailable; try again shortly",
                    Duration.ofSeconds(1));
        }
        if (count > config.issueRequestsPerSecond()) {
            throw new ProblemException(ErrorCode.RATE_LIMITED,
                    "At most " + config.issueRequestsPerSecond() + " issue requests per second", WINDOW);
        }
    }
}
