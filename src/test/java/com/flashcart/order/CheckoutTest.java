package com.flashcart.order;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.flashcart.support.Catalog;
import com.flashcart.support.Db;
import com.flashcart.support.Users;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The one-step checkout: {@code POST /api/v1/orders} with {@code "pay": true} places and pays in one transaction. */
@QuarkusTest
class CheckoutTest {

    @Inject
    Db db;

    @Test
    void anOrderPlacedWithPayIsPaidAtOnce() {
        Users.SignedIn user = Users.newUser();
        charge(user, 10_000);
        long product = Catalog.product("Checkout kettle", 3_000, 5);
        Number id = checkout(user, product, 2, "one-step").then().statusCode(201)
                .body("status", equalTo("PAID")).body("paidAt", notNullValue()).body("payAmount", equalTo(6_000))
                .extract().path("id");
        assertEquals("PAID", db.text("SELECT status FROM customer_order WHERE id = ?1", id));
        assertEquals(1, db.number("SELECT COUNT(*) FROM payment WHERE order_id = ?1 AND status = 'PAID'", id));
        assertEquals(4_000, db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", user.id()));
        assertEquals(1, db.number("SELECT COUNT(*) FROM outbox_event WHERE event_key = ?1 AND event_type = 'PaymentCompleted'",
                id.toString()));
        // a repeat is the same answer, and nothing is bought or spent again
        checkout(user, product, 2, "one-step").then().statusCode(201).body("id", equalTo(id.intValue()))
                .body("status", equalTo("PAID"));
        assertEquals(3, db.number("SELECT stock FROM product WHERE id = ?1", product));
        assertEquals(4_000, db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", user.id()));
    }

    @Test
    void whatWouldRefuseThePaymentRefusesTheOrderAndTakesNothing() {
        Users.SignedIn user = Users.newUser();
        charge(user, 1_000);
        long product = Catalog.product("Checkout lamp", 3_000, 5);
        checkout(user, product, 1, "too-poor").then().statusCode(409).body("code", equalTo("INSUFFICIENT_POINTS"));
        checkout(user, product, 1, "too-poor").then().statusCode(409).body("code", equalTo("INSUFFICIENT_POINTS"));
        assertEquals(5, db.number("SELECT stock FROM product WHERE id = ?1", product));
        assertEquals(0, db.number("SELECT COUNT(*) FROM customer_order WHERE user_id = ?1", user.id()));
        assertEquals(1_000, db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", user.id()));
        // without pay, the same order is placed and waits for its payment, as always
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("productId", product, "quantity", 1))))
                .post("/api/v1/orders").then().statusCode(201).body("status", equalTo("PENDING_PAYMENT"));
    }

    private static Response checkout(Users.SignedIn user, long product, int quantity, String key) {
        return given().header("Authorization", user.bearer()).header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("productId", product, "quantity", quantity)), "pay", true))
                .post("/api/v1/orders");
    }

    private static void charge(Users.SignedIn user, long amount) {
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(Map.of("amount", amount))
                .post("/api/v1/me/points/charges").then().statusCode(200);
    }
}
