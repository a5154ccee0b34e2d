package com.flashcart.common.redis;

import jakarta.inject.Inject;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.Vertx;

/** Every Redis client of the service, for the tests that check each of them the same way. */
abstract class EveryRedisClient {

    /** Each event loop's own client (through {@link FromEventLoop}). */
    @Inject
    EventLoopRedis redis;

    /** The default client. */
    @Inject
    RedisDataSource shared;

    /** The product caches' client (quarkus.cache.redis.client-name). */
    @Inject
    @RedisClientName("product-cache")
    RedisDataSource caches;

    @Inject
    Vertx vertx;
}
