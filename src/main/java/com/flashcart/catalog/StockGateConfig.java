package com.flashcart.catalog;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The stock gate in Redis ({@link StockGate}). */
@ConfigMapping(prefix = "flashcart.stock-gate")
public interface StockGateConfig {

    /** Whether orders ask the gate first; off, every order goes straight to the database (which decides anyway). */
    @WithDefault("true")
    boolean enabled();

    /**
     * How long a loaded counter lives before it is loaded from the database again: the longest a counter that
     * missed units coming back (Redis away at that moment) refuses orders that the database would serve.
     */
    @WithDefault("10s")
    Duration reloadAfter();

    /** How long an order waits for the gate before letting the database decide without it. */
    @WithDefault("1s")
    Duration redisTimeout();
}
