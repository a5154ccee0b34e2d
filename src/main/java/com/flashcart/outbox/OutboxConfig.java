package com.flashcart.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "flashcart.outbox")
public interface OutboxConfig {

    /** Whether this instance relays outbox rows to Kafka (every instance may; they share the work safely). */
    @WithDefault("true")
    boolean relayEnabled();

    /** Rows claimed, published and marked in one database transaction. */
    @WithDefault("500")
    int batchSize();

    /** How often every unpublished row is swept; a commit that adds rows also wakes the relay at once. */
    @WithDefault("1s")
    Duration interval();

    /**
     * How long the relay waits after a commit wakes it, so that the commits of that moment go in one batch: a
     * batch costs five statements whatever its size. Adds as much to an event's way to Kafka.
     */
    @WithDefault("50ms")
    Duration linger();

    /** Pause after a batch that Kafka did not take; doubles with each failure in a row. */
    @WithDefault("1s")
    Duration backoffInitial();

    /** Longest pause between attempts while Kafka stays unreachable. */
    @WithDefault("60s")
    Duration backoffMax();

    /** Longest wait for Kafka to acknowledge a batch; rows not acknowledged by then stay unpublished. */
    @WithDefault("60s")
    Duration sendTimeout();

    /** How long published rows are kept before the cleanup deletes them. */
    @WithDefault("7d")
    Duration retention();

    /** Rows deleted per statement by the cleanup. */
    @WithDefault("1000")
    int cleanupBatchSize();

    /** How often the cleanup runs. */
    @WithDefault("10m")
    Duration cleanupInterval();

    /** How often the lag metrics (pending rows, oldest pending age) are sampled. */
    @WithDefault("5s")
    Duration lagSampleInterval();

    /** An unpublished row older than this turns the relay's health check DOWN. */
    @WithDefault("60s")
    Duration maxLag();
}
