package com.flashcart.support;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Empties the test Redis database before the application starts, as Flyway empties the test schema: sessions,
 * counters and fences from an earlier run must not leak into this one.
 */
public class FreshRedis implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String port = System.getenv().getOrDefault("FLASHCART_REDIS_PORT", "16379");
        try {
            Process p = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", port, "-n", System.getenv().getOrDefault("FLASHCART_TEST_REDIS_DB", "1"), "FLUSHDB")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || !"OK".equals(out)) {
                throw new IllegalStateException("Could not empty the test Redis database: " + out);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
