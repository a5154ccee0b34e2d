package com.flashcart.catalog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.flashcart.catalog.ProductCatalog.Page;
import com.flashcart.catalog.ProductCatalog.ProductData;
import com.flashcart.support.LocalInfra;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** Each instance's own copy of the catalog: what keeps it true (see {@link LocalCatalog}). */
@QuarkusTest
class LocalCatalogTest {

    private static final String DB = System.getenv().getOrDefault("FLASHCART_TEST_DB", "flashcart_test");

    @Inject
    ProductAdmin admin;

    @Inject
    StockReservation stock;

    @Inject
    LocalCatalog local;

    @Inject
    CatalogConfig config;

    @Inject
    RedisDataSource redis;

    @Inject
    @CacheName(ProductCatalog.DETAIL_CACHE)
    Cache shared;

    @Test
    void stockTakenByAnOrderReachesAPageThisInstanceAlreadyHolds() {
        var product = admin.create("Held kettle", "", 30_000, 10);
        awaitShown(product.id(), "stock", 10);

        QuarkusTransaction.requiringNew().run(() -> stock.reserve(Map.of(product.id(), 3)));

        awaitShown(product.id(), "stock", 7);
        QuarkusTransaction.requiringNew().run(() -> stock.release(Map.of(product.id(), 2)));
        awaitShown(product.id(), "stock", 9);
    }

    @Test
    void anOlderCopyNeverReplacesANewerOne() {
        long id = 9_000_000_001L;
        ProductData v2 = new ProductData(id, "Versioned", "", 2_000, 5, 2);
        ProductData v1 = new ProductData(id, "Versioned", "", 1_000, 9, 1);

        assertEquals(v2, local.offer(v2));
        assertEquals(v2, local.offer(v1), "the older copy is refused");
        assertEquals(v2, local.product(id));

        Page stale = local.page(90_000, 1, () -> new Page(List.of(v1), 90_000, 1, 1));
        assertEquals(List.of(v2), stale.items(), "a page shows its items at the newest version held");
        local.forget(id);
    }

    @Test
    void anotherInstancesAnnouncementDropsThisInstancesCopy() {
        var product = admin.create("Announced vase", "", 12_000, 5);
        awaitShown(product.id(), "price", 12_000);

        // another instance's admin change, as this instance sees it: a row change the change feed cannot notice
        // (same version and stamp), the shared entry dropped, then the announcement on the channel
        changeUnnoticed(product.id(), 15_000);
        shared.invalidate(product.id()).await().indefinitely();
        given().get("/api/v1/products/{id}", product.id()).then().statusCode(200).body("price", equalTo(12_000));

        redis.pubsub(String.class).publish(config.channel(), Long.toString(product.id()));

        awaitShown(product.id(), "price", 15_000);
    }

    @Test
    void aDroppedSubscriptionIsRenewed() {
        var product = admin.create("Resubscribed rug", "", 40_000, 2);
        awaitShown(product.id(), "price", 40_000);
        changeUnnoticed(product.id(), 41_000);
        shared.invalidate(product.id()).await().indefinitely();

        redis.execute("CLIENT", "KILL", "TYPE", "pubsub");

        // announce until heard: only a renewed subscription hears it
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
            redis.pubsub(String.class).publish(config.channel(), Long.toString(product.id()));
            return given().get("/api/v1/products/{id}", product.id()).then().statusCode(200)
                    .extract().<Integer> path("price") == 41_000;
        });
    }

    @Test
    void aProductAddedStraightToTheDatabaseAppearsOnHeldListPages() {
        admin.create("Listed first", "", 1_000, 1);
        int total = given().queryParam("size", 100).get("/api/v1/products").then().statusCode(200)
                .extract().path("total");

        // no announcement (a bulk import, say): the change feed sees a new id and drops the held pages
        LocalInfra.primarySql("INSERT INTO " + DB + ".product (name, description, price, stock, created_at, updated_at)"
                + " VALUES ('Imported lamp', '', 5000, 3, NOW(6), NOW(6))");

        await().atMost(Duration.ofSeconds(10)).until(() -> given().queryParam("size", 100).get("/api/v1/products")
                .then().statusCode(200).extract().path("total"), equalTo(total + 1));
    }

    private static void changeUnnoticed(long productId, long price) {
        LocalInfra.primarySql("UPDATE " + DB + ".product SET price = " + price + ", changed_at = changed_at WHERE id = "
                + productId);
        await().atMost(Duration.ofSeconds(10)).until(() -> LocalInfra.replicaSql(
                "SELECT price FROM " + DB + ".product WHERE id = " + productId).trim().equals(Long.toString(price)));
    }

    private static void awaitShown(long productId, String field, long value) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/v1/products/{id}", productId)
                .then().statusCode(200).body(field, equalTo((int) value)));
    }
}
