package com.flashcart.coupon;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "flashcart.coupon")
public interface CouponConfig {

    /** How long an issuance waits for Redis before answering 503 UNAVAILABLE. */
    @WithDefault("1s")
    Duration redisTimeout();

    /** Issue requests one user may make per second (all coupons together); beyond it 429 RATE_LIMITED. */
    @WithDefault("5")
    int issueRequestsPerSecond();

    /** How long a coupon's Redis state outlives its validUntil (then the keys expire by themselves). */
    @WithDefault("P1D")
    Duration stateRetention();
}
