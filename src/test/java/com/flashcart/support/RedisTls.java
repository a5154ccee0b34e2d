package com.flashcart.support;

import java.util.Map;

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
        return clientsTo(host, PORT);
    }

    /** As {@link #clientsTo(String)}, to another Redis with the same certificate ({@link OwnRedis#overTls}). */
    public static Map<String, String> clientsTo(String host, String port) {
        String base = "rediss://" + host + ":" + port + "/";
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
        return LocalInfra.redis(LocalInfra.REDIS_PORT, "0", "CLIENT", "LIST").lines()
                .filter(line -> line.matches(".* laddr=\\S+:" + PORT + " .*") && line.contains(" db=" + db + " "))
                .count();
    }
}
