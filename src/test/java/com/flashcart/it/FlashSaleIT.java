package com.flashcart.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.flashcart.support.Catalog;
import com.flashcart.support.Concurrently;
import com.flashcart.support.Users;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The write paths added for flash sales, through the packaged artifact: the stock gate's Redis scripts, keyed
 * refusals claimed in batches (a group commit on its own thread), orders of one contended product placed
 * together, payments committed together, and the one-step checkout. Each runs on threads and in code that the
 * other integration tests never reach.
 */
@QuarkusIntegrationTest
class FlashSaleIT {

    private static final int UNITS = 3;
    private static final int BUYERS = 12;

    private record Attempt(Users.SignedIn buyer, String key, int status, String code, Number orderId) {
    }

    @Test
    void aCrowdBuysExactlyTheStockRefusalsReplayAndTheBuyersPayTogether() throws Exception {
        long product = Catalog.product("Native flash teapot", 1_000, UNITS);
        List<Users.SignedIn> buyers = Users.newUsers(BUYERS);
        Concurrently.run(BUYERS, i -> charge(buyers.get(i), 10_000));

        List<Attempt> attempts = Concurrently.run(BUYERS, i -> order(buyers.get(i), "flash-" + i, product));
        List<Attempt> sold = new ArrayList<>();
        for (Attempt attempt : attempts) {
            if (attempt.status() == 201) {
                sold.add(attempt);
            } else {
                assertEquals(409, attempt.status(), "a buyer beyond the stock");
                assertEquals("OUT_OF_STOCK", attempt.code());
            }
        }
        assertEquals(UNITS, sold.size(), "exactly the stock is sold");
        stockReads(product, 0);

        // a repeat under the same key is the key's first answer: the refused stay refused, the sold get their order
        for (Attempt attempt : attempts) {
            Attempt again = order(attempt.buyer(), attempt.key(), product);
            assertEquals(attempt.status(), again.status(), "the repeat of " + attempt.key());
            assertEquals(attempt.orderId(), again.orderId(), "the repeat of " + attempt.key());
        }

        List<Integer> paid = Concurrently.run(sold.size(), i -> given()
                .header("Authorization", sold.get(i).buyer().bearer())
                .post("/api/v1/orders/{id}/payment", sold.get(i).orderId())
                .then().statusCode(200).body("status", equalTo("PAID")).body("paymentId", notNullValue())
                .extract().<Integer> path("paidAmount"));
        assertEquals(List.of(1_000, 1_000, 1_000), paid);
        for (Attempt buyer : sold) {
            given().header("Authorization", buyer.buyer().bearer()).get("/api/v1/me/points")
                    .then().statusCode(200).body("balance", equalTo(9_000));
        }
    }

    @Test
    void aOneStepCheckoutPaysAtOnceOrLeavesNothingBehind() {
        Users.SignedIn user = Users.newUser();
        charge(user, 3_000);
        long product = Catalog.product("Native checkout kettle", 2_000, 5);

        given().header("Authorization", user.bearer()).header("Idempotency-Key", "checkout-1")
                .contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("productId", product, "quantity", 1)), "pay", true))
                .post("/api/v1/orders")
                .then().statusCode(201).body("status", equalTo("PAID")).body("paidAt", notNullValue())
                .body("payAmount", equalTo(2_000));
        // the second one would overdraw the wallet: refused, and no unit is held for it
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("productId", product, "quantity", 1)), "pay", true))
                .post("/api/v1/orders")
                .then().statusCode(409).body("code", equalTo("INSUFFICIENT_POINTS"));
        stockReads(product, 4);
        given().header("Authorization", user.bearer()).get("/api/v1/me/points")
                .then().statusCode(200).body("balance", equalTo(1_000));
    }

    /** Product pages come from each instance's catalog copy, which follows the primary within a second or so. */
    private static void stockReads(long product, int stock) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/api/v1/products/{id}", product)
                .then().statusCode(200).body("stock", equalTo(stock)));
    }

    private static Void charge(Users.SignedIn user, int amount) {
        given().header("Authorization", user.bearer()).header("Idempotency-Key", "flash-charge")
                .contentType(ContentType.JSON).body(Map.of("amount", amount))
                .post("/api/v1/me/points/charges").then().statusCode(200);
        return null;
    }

    private static Attempt order(Users.SignedIn buyer, String key, long product) {
        Response answer = given().header("Authorization", buyer.bearer()).header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("productId", product, "quantity", 1))))
                .post("/api/v1/orders");
        return new Attempt(buyer, key, answer.statusCode(), answer.path("code"),
                answer.statusCode() == 201 ? answer.<Number> path("id") : null);
    }
}
