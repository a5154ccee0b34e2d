package com.flashcart.order;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "flashcart.orders")
public interface OrdersConfig {

    /** How long an order waits for payment before it expires and gives back its stock and coupon. */
    @WithDefault("15m")
    Duration paymentWindow();

    /** How often each instance looks for orders past their payment window ("off": never, as in tests). */
    @WithDefault("5s")
    String expirySweepInterval();

    /** How many due orders one expiry transaction claims. */
    @WithDefault("100")
    int expiryBatchSize();
}
