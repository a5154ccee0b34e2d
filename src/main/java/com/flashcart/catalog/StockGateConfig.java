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
     * The age from which a counter is in doubt: a counter loaded that long ago is read from the database again
     * before it refuses an order, or when the database refuses an order it let through. The longest a counter that
     * missed units coming back (Redis away at that moment) refuses orders that the database would serve.
     */
    @WithDefault("10s")
    Duration reloadAfter();

    /**
     * How long a loaded counter lives at most. A counter that serves orders needs no reading while it lives
     * (see {@link #reloadAfter()} for one in doubt); this only bounds what Redis keeps for products nobody orders.
     * Longer than {@link #reloadAfter()}.
     */
    @WithDefault("1h")
    Duration keepFor();

    /** How long an order waits for the gate before letting the database decide without it. */
    @WithDefault("1s")
    Duration redisTimeout();
}
