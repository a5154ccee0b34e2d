package com.flashcart.session;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * Counts failed logins in Redis, per email and per client address, over a fixed window shared by every
 * instance. Over either limit, logins are refused with 429 — even with the right password, so guessing gains
 * nothing. Successful logins are never counted or slowed.
 */
@ApplicationScoped
public class LoginThrottle {

    @Inject
    RedisDataSource redis;

    @Inject
    SessionConfig config;

    public void checkAllowed(String email, String address) {
        ValueCommands<String, Long> counters = redis.value(Long.class);
        var counts = counters.mget(emailKey(email), addressKey(address));
        Long byEmail = counts.get(emailKey(email));
        Long byAddress = counts.get(addressKey(address));
        if (byEmail != null && byEmail >= config.maxFailuresPerEmail()) {
            throw limited(emailKey(email));
        }
        if (byAddress != null && byAddress >= config.maxFailuresPerAddress()) {
            throw limited(addressKey(address));
        }
    }

    public void recordFailure(String email, String address) {
        ValueCommands<String, Long> counters = redis.value(Long.class);
        for (String key : List.of(emailKey(email), addressKey(address))) {
            // the window starts with the first failure; SET NX gives the key its TTL as it is created
            counters.set(key, 0L, new SetArgs().nx().px(config.failureWindow()));
            counters.incr(key);
        }
    }

    public void clear(String email) {
        redis.key().del(emailKey(email));
    }

    private ProblemException limited(String key) {
        long ttl = redis.key().ttl(key);
        Duration retryAfter = Duration.ofSeconds(ttl > 0 ? ttl : config.failureWindow().toSeconds());
        return new ProblemException(ErrorCode.RATE_LIMITED, "Too many failed logins; try again later", retryAfter);
    }

    private static String emailKey(String email) {
        return "fc:login-failures:email:" + email;
    }

    private static String addressKey(String address) {
        return "fc:login-failures:addr:" + address;
    }
}
