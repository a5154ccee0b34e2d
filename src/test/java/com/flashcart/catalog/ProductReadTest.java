package com.flashcart.catalog;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.flashcart.support.Catalog;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Products are written on the primary and served from the replica, which receives them by replication. */
@QuarkusTest
class ProductReadTest {

    @Inject
    ProductAdmin admin;

    @Test
    void aProductWrittenOnThePrimaryBecomesReadableThroughTheReplica() {
        var product = admin.create("Replicated kettle", "1.7 l, steel", 39_000, 12);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                given().when().get("/api/v1/products/{id}", product.id())
                        .then().statusCode(200)
                        .contentType(ContentType.JSON)
                        .body("id", equalTo((int) product.id()))
                        .body("name", equalTo("Replicated kettle"))
                        .body("description", equalTo("1.7 l, steel"))
                        .body("price", equalTo(39_000))
                        .body("stock", equalTo(12)));

        // list pages are cached for a few seconds: a new product shows up in them within that time
        given().queryParam("page", 0).queryParam("size", 100)
                .when().get("/api/v1/products")
                .then().statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(100))
                .body("total", greaterThanOrEqualTo(1));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> Catalog.listed(product.id()) != null);
    }

    @Test
    void listPagesAreOrderedAndSized() {
        for (int i = 0; i < 3; i++) {
            admin.create("Paged item " + i, "", 1_000 + i, 1);
        }
        long total = Product.count();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().queryParam("size", 2).when().get("/api/v1/products")
                        .then().statusCode(200)
                        .body("items.size()", equalTo(2))
                        .body("total", equalTo((int) total)));
        int first = given().queryParam("page", 0).queryParam("size", 1).get("/api/v1/products").path("items[0].id");
        int second = given().queryParam("page", 1).queryParam("size", 1).get("/api/v1/products").path("items[0].id");
        assertEquals(true, first < second, "pages follow the id order");
    }

    @Test
    void unknownProductIs404Problem() {
        given().when().get("/api/v1/products/{id}", Long.MAX_VALUE)
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void nonNumericIdIs400Problem() {
        given().when().get("/api/v1/products/abc")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("VALIDATION_FAILED"));
        given().when().get("/api/v1/products/0")
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void outOfRangePagingIs400NamingTheParameter() {
        given().queryParam("size", 101).when().get("/api/v1/products")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("size"));
        given().queryParam("size", 0).when().get("/api/v1/products")
                .then().statusCode(400)
                .body("errors.field", hasItem("size"));
        given().queryParam("page", -1).when().get("/api/v1/products")
                .then().statusCode(400)
                .body("errors.field", hasItem("page"));
        given().queryParam("size", "ten").when().get("/api/v1/products")
                .then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("VALIDATION_FAILED"));
    }
}
