package com.flashcart.support;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local Redis's TLS port (scripts/redis.sh: a certificate for the name "localhost" from a CA of the state
 * folder's own), as the tests that speak {@code rediss://} to it, the way the service does to ElastiCache, need it.
 */
public final class RedisTls {

    public static final String PORT = System.getenv().getOrDefault("FLASHCART_REDIS_TLS_PORT", "16380");
    private static final String CA = System.getenv().getOrDefault("FLASHCART_REDIS_TLS_CA", ".state/redis-tls/ca.pem");

    private RedisTls() {
    }

    /**
     * Configuration that sends every Redis client of the service to the test databases over TLS, by {@code host},
     * trusting the local CA (in AWS the clients trust the JDK's CAs, which sign ElastiCache's certificates).
     */
    public static Map<String, String> clientsTo(String host) {
        String base = "rediss://" + host + ":" + PORT + "/";
        return Map.of(
                "quarkus.redis.hosts", base + System.getenv().getOrDefault("FLASHCART_TEST_REDIS_DB", "1"),
                "quarkus.redis.tls.trust-certificate-pem.enabled", "true",
                "quarkus.redis.tls.trust-certificate-pem.certs", CA,
                "quarkus.redis.product-cache.hosts", base + System.getenv().getOrDefault("FLASHCART_TEST_REDIS_CACHE_DB", "3"),
                "quarkus.redis.product-cache.tls.trust-certificate-pem.enabled", "true",
                "quarkus.redis.product-cache.tls.trust-certificate-pem.certs", CA);
    }

    /** How many connections Redis has on its TLS port to logical database {@code db} ({@code CLIENT LIST}). */
    public static long connectionsTo(String db) {
        String port = System.getenv().getOrDefault("FLASHCART_REDIS_PORT", "16379");
        try {
            Process p = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", port, "CLIENT", "LIST")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("redis-cli CLIENT LIST failed: " + out);
            }
            return out.lines().filter(line -> line.matches(".* laddr=\\S+:" + PORT + " .*") && line.contains(" db=" + db + " "))
                    .count();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
