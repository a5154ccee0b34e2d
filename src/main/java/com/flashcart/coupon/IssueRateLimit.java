package com.flashcart.coupon;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;

/**
 * Caps issue requests per user per second, counted in Redis so the cap holds across every instance: a client
 * hammering the button during a flash sale gets 429 with {@code Retry-After} instead of a share of the capacity.
 * The counting is done by the issuance script itself ({@code redis/coupon-issue.lua}), in the same round trip as
 * the decision; this class says which counter and what limit.
 */
@ApplicationScoped
public class IssueRateLimit {

    private static final Duration WINDOW = Duration.ofSeconds(1);

    @Inject
    CouponConfig config;

    @Inject
    Clock clock;

    /** The counter of the user's current window (fixed one-second windows). */
    String key(long userId) {
        return "fc:coupon:rate:" + userId + ":" + clock.millis() / WINDOW.toMillis();
    }

    /** The script's arguments after the user id: the counter's life and the limit. */
    List<String> args() {
        // the counter lives twice the window, so a late instance clock still finds the right one
        return List.of(Long.toString(2 * WINDOW.toMillis()), Integer.toString(config.issueRequestsPerSecond()));
    }

    ProblemException refusal() {
        return new ProblemException(ErrorCode.RATE_LIMITED,
                "At most " + config.issueRequestsPerSecond() + " issue requests per second", WINDOW);
    }
}
