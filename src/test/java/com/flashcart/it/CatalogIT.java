package com.flashcart.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.flashcart.support.Catalog;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * The catalog through the packaged artifact: the instance's own copy (Caffeine classes built by name, the change
 * feed read with plain JDBC), the shared Redis page cache, admin changes announced over Redis. The first native
 * build failed on exactly this read (a Caffeine class missing from the executable).
 */
@QuarkusIntegrationTest
class CatalogIT {

    @Test
    void aNewProductIsServedAndItsChangesShowUp() {
        long id = Catalog.product("Native catalog lamp", 12_000, 7);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/api/v1/products/{id}", id)
                .then().statusCode(200).body("name", equalTo("Native catalog lamp")).body("stock", equalTo(7)));
        // a page, twice: the second answer comes from this instance's copy or the shared Redis cache
        for (int i = 0; i < 2; i++) {
            given().queryParam("size", 5).get("/api/v1/products")
                    .then().statusCode(200).body("total", greaterThan(0)).body("size", equalTo(5));
        }
        given().header("Authorization", Catalog.admin()).contentType(ContentType.JSON)
                .body(Map.of("price", 13_000, "stockDelta", 3))
                .patch("/api/v1/admin/products/{id}", id)
                .then().statusCode(200).body("price", equalTo(13_000)).body("stock", equalTo(10));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            var product = given().get("/api/v1/products/{id}", id).then().statusCode(200).extract().jsonPath();
            assertEquals(13_000, product.getInt("price"));
            assertEquals(10, product.getInt("stock"));
        });
    }
}
