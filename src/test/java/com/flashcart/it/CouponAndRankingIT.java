package com.flashcart.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.flashcart.support.Catalog;
import com.flashcart.support.Users;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * The Redis scripts (coupon issue and load, ranking count and top, session create and touch, the login throttle)
 * and Kafka both ways (the outbox relay produces, the ranking consumes) through the packaged artifact.
 */
@QuarkusIntegrationTest
class CouponAndRankingIT {

    @Test
    void firstComeFirstServedIssuesExactlyTheTotalAndAnOrderUsesOne() {
        Number couponId = given().header("Authorization", Catalog.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Native coupon", "discountType", "FIXED", "discountValue", 1_000,
                        "totalQuantity", 2, "validFrom", Instant.now().minusSeconds(60).toString(),
                        "validUntil", Instant.now().plusSeconds(3600).toString()))
                .post("/api/v1/admin/coupons").then().statusCode(201).extract().path("id");
        List<Users.SignedIn> users = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Users.SignedIn user = Users.newUser();
            users.add(user);
            statuses.add(given().header("Authorization", user.bearer())
                    .post("/api/v1/coupons/{id}/issue", couponId).statusCode());
        }
        assertEquals(List.of(201, 201, 409), statuses);
        given().get("/api/v1/coupons/{id}", couponId).then().statusCode(200).body("issuedQuantity", equalTo(2));
        Number userCouponId = given().header("Authorization", users.get(0).bearer()).get("/api/v1/me/coupons")
                .then().statusCode(200).extract().path("items[0].userCouponId");
        long product = Catalog.product("Native coupon mug", 5_000, 5);
        given().header("Authorization", users.get(0).bearer()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("productId", product, "quantity", 1)), "userCouponId", userCouponId))
                .post("/api/v1/orders").then().statusCode(201).body("payAmount", equalTo(4_000));
    }

    @Test
    void aPaidOrderReachesThePopularProductsThroughKafka() {
        Users.SignedIn user = Users.newUser();
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(Map.of("amount", 100_000))
                .post("/api/v1/me/points/charges").then().statusCode(200);
        long product = Catalog.product("Native ranked teapot", 1_000, 50);
        Number orderId = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("productId", product, "quantity", 7))))
                .post("/api/v1/orders").then().statusCode(201).extract().path("id");
        given().header("Authorization", user.bearer()).post("/api/v1/orders/{id}/payment", orderId)
                .then().statusCode(200).body("status", equalTo("PAID"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> items = given().queryParam("days", 1).queryParam("limit", 50)
                    .get("/api/v1/products/popular").then().statusCode(200).extract().path("items");
            assertTrue(items.stream().anyMatch(i -> ((Number) i.get("productId")).longValue() == product
                    && ((Number) i.get("soldQuantity")).intValue() == 7), items.toString());
        });
    }

    @Test
    void repeatedWrongPasswordsAreThrottled() {
        String email = Users.freshEmail();
        Users.signUp(email);
        for (int i = 0; i < 10; i++) {
            given().header("X-Forwarded-For", "10.90.0." + i).contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", "wrong")).post("/api/v1/sessions").then().statusCode(401);
        }
        given().header("X-Forwarded-For", "10.90.1.1").contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Users.PASSWORD))
                .post("/api/v1/sessions").then().statusCode(429).body("code", equalTo("RATE_LIMITED"));
    }
}
