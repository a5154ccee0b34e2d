package com.flashcart.support;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Empties the test Redis databases before the application starts, as Flyway empties the test schema: sessions,
 * counters and fences from an earlier run must not leak into this one, nor product pages cached from a schema that
 * no longer exists.
 */
public class FreshRedis implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        flush(System.getenv().getOrDefault("FLASHCART_TEST_REDIS_DB", "1"));
        flush(System.getenv().getOrDefault("FLASHCART_TEST_REDIS_CACHE_DB", "3"));
        return Map.of();
    }

    private static void flush(String database) {
        if ("0".equals(database)) {
            throw new IllegalStateException("Refusing to flush Redis database 0 (the local topology's)");
        }
        String port = System.getenv().getOrDefault("FLASHCART_REDIS_PORT", "16379");
        try {
            Process p = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", port, "-n", database, "FLUSHDB")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || !"OK".equals(out)) {
                throw new IllegalStateException("Could not empty the test Redis database " + database + ": " + out);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
    }
}
