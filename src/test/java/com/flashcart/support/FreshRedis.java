package com.flashcart.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Empties the test Redis databases before the application starts, as Flyway empties the test schema: sessions,
 * counters and fences from an earlier run must not leak into this one, nor product pages cached from a schema that
 * no longer exists.
 */
public class FreshRedis implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalInfra.flushRedis(System.getenv().getOrDefault("FLASHCART_TEST_REDIS_DB", "1"));
        LocalInfra.flushRedis(System.getenv().getOrDefault("FLASHCART_TEST_REDIS_CACHE_DB", "3"));
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
