package com.flashcart.support;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The counters of writes that commit together or go alone (common.db.Batches: orders, payments, charges), read the
 * way the tests compare them before and after a crowd.
 */
public record BatchCounters(MeterRegistry metrics, String prefix) {

    /** Requests committed in a batch of two or more. */
    public double grouped() {
        return metrics.counter(prefix + ".grouped").count();
    }

    /** Requests that went alone after their batch: refused, repeated, or rolled back with it. */
    public double alone() {
        return metrics.counter(prefix + ".batch.fallbacks").count();
    }

    /** Requests whose batch failed unexpectedly (they went alone too). */
    public double failed() {
        return metrics.counter(prefix + ".batch.failed").count();
    }
}
