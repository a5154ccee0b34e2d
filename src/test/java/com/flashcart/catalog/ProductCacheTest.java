package com.flashcart.catalog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.flashcart.support.Catalog;
import com.flashcart.support.LocalInfra;

import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** Product pages are cached in the shared Redis and in each instance, and dropped when a product changes. */
@QuarkusTest
class ProductCacheTest {

    private static final String DB = System.getenv().getOrDefault("FLASHCART_TEST_DB", "flashcart_test");

    @Inject
    ProductAdmin admin;

    @Inject
    Event<ProductChanged> changed;

    /** The product caches' own database (quarkus.cache.redis.client-name). */
    @Inject
    @RedisClientName("product-cache")
    RedisDataSource cacheRedis;

    /** Sessions, gates, counters. */
    @Inject
    RedisDataSource redis;

    @Inject
    ProductCatalog catalog;

    @Test
    void aChangedProductIsVisibleOnTheNextReadAfterProductChanged() {
        var product = admin.create("Cached lamp", "warm white", 20_000, 7);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().when().get("/api/v1/products/{id}", product.id()).then().statusCode(200).body("price", equalTo(20_000)));
        assertTrue(Catalog.listed(product.id()) != null);
        // this instance's own copy answers first and may already hold the product (the change feed loads it), so
        // the reads above need not have reached Redis: fill its caches as a read that missed the copy does
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.cachedProduct(product.id()).product() != null);
        assertTrue(cacheRedis.key().keys("cache:" + ProductCatalog.DETAIL_CACHE + ":*").size() >= 1, "detail cached in Redis");
        // the change feed drops every cached page when it sees a new product, maybe just after this fill: fill again
        await().atMost(Duration.ofSeconds(10)).until(() -> catalog.cachedPage(0, 20) != null
                && !cacheRedis.key().keys("cache:" + ProductCatalog.PAGE_CACHE + ":*").isEmpty());
        // dropping every page SCANs the caches' database: it must not hold the sessions' keys, nor they the pages
        assertTrue(redis.key().keys("cache:*").isEmpty(), "no product cache entry beside the sessions");
        assertTrue(cacheRedis.key().keys("fc:*").isEmpty(), "no session, gate or counter beside the product caches");

        // what the admin's product service does: change the row, commit, then fire ProductChanged (this change
        // keeps the version and the change stamp, so only the event can make it visible)
        LocalInfra.primarySql("UPDATE " + DB + ".product SET price = 25000, stock = 3, changed_at = changed_at WHERE id = "
                + product.id());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                LocalInfra.replicaSql("SELECT price FROM " + DB + ".product WHERE id = " + product.id()).trim().equals("25000"));
        // the cached page still answers the old price: the cache is really used
        given().when().get("/api/v1/products/{id}", product.id()).then().statusCode(200).body("price", equalTo(20_000));

        changed.fire(new ProductChanged(product.id()));

        given().when().get("/api/v1/products/{id}", product.id())
                .then().statusCode(200).body("price", equalTo(25_000)).body("stock", equalTo(3));
        assertEquals(25_000, ((Number) Catalog.listed(product.id()).get("price")).intValue());
    }

    @Test
    void aChangeInTheDatabaseReachesTheCachedPagesWithinSeconds() {
        var product = admin.create("Expiring mug", "", 9_000, 4);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().when().get("/api/v1/products/{id}", product.id()).then().statusCode(200).body("stock", equalTo(4)));
        Catalog.listed(product.id());
        // no event, as when an order takes stock: the change feed brings it (CatalogChangeFeed)
        LocalInfra.primarySql("UPDATE " + DB + ".product SET stock = 1, version = version + 1 WHERE id = " + product.id());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().when().get("/api/v1/products/{id}", product.id()).then().statusCode(200).body("stock", equalTo(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> Catalog.listed(product.id()),
                item -> item != null && ((Number) item.get("stock")).intValue() == 1);
    }
}
