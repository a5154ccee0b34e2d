package com.flashcart.session;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;
import com.flashcart.common.redis.EventLoopRedis;
import com.flashcart.common.redis.RedisScript;

import io.vertx.mutiny.redis.client.Response;

/**
 * Limits login attempts in Redis, per email and per client address, over a fixed window shared by every
 * instance. An attempt is reserved <em>before</em> its password is checked, by one atomic script
 * ({@code login-attempt.lua}), so parallel guesses cannot all slip in under the limit: with N at once, at most the
 * limit are checked and the rest get 429. A right password gives its reservation back, so successful logins are
 * never counted; over either limit, logins are refused with 429 even with the right password, so guessing gains
 * nothing.
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final RedisScript ATTEMPT = RedisScript.fromResource("redis/login-attempt.lua");
    private static final RedisScript SUCCEEDED = RedisScript.fromResource("redis/login-succeeded.lua");

    @Inject
    EventLoopRedis eventLoopRedis;

    @Inject
    SessionConfig config;

    /** Counts one attempt for the canonical {@code email} from {@code address}, or refuses it with 429. */
    public void reserveAttempt(String email, String address) {
        Response waitMillis = ATTEMPT.call(eventLoopRedis, keys(email, address), List.of(
                Integer.toString(config.maxFailuresPerEmail()), Integer.toString(config.maxFailuresPerAddress()),
                Long.toString(config.failureWindow().toMillis())))
                .await().atMost(TIMEOUT);
        long wait = waitMillis.toLong();
        if (wait > 0) {
            throw new ProblemException(ErrorCode.RATE_LIMITED, "Too many failed logins; try again later",
                    Duration.ofMillis(wait).plusMillis(999));
        }
    }

    /** The attempt reserved for {@code email} had the right password: it is not counted, past failures are cleared. */
    public void succeeded(String email, String address) {
        SUCCEEDED.call(eventLoopRedis, keys(email, address), List.of()).await().atMost(TIMEOUT);
    }

    private static List<String> keys(String email, String address) {
        return List.of("fc:login-failures:email:" + email, "fc:login-failures:addr:" + address);
    }
}
