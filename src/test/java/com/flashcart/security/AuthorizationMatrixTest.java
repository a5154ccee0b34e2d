package com.flashcart.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.flashcart.support.Catalog;
import com.flashcart.support.Db;
import com.flashcart.support.Users;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * OWASP API Security: every endpoint that touches a user's data, tried by another user (BOLA: 404, nothing
 * changes), by no session and by missing, garbage, expired and logged-out tokens (401), and every admin endpoint
 * by a plain user (403).
 */
@QuarkusTest
class AuthorizationMatrixTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Db db;

    @Inject
    RedisDataSource redis;

    /** One endpoint: method, path, body (null for none). */
    private record Call(String method, String path, String body) {
        io.restassured.response.Response send(RequestSpecification request) {
            if (body != null) {
                request.contentType(ContentType.JSON).body(body);
            }
            return request.request(method, path);
        }
    }

    @Test
    void anotherUsersObjectsAreNotFoundAndUntouched() {
        Users.SignedIn owner = Users.newUser();
        Users.SignedIn intruder = Users.newUser();
        charge(owner, 50_000);
        charge(intruder, 50_000);
        long product = Catalog.product("Owned thing", 1_000, 10);
        long pending = order(owner, product);
        long paid = order(owner, product);
        given().header("Authorization", owner.bearer()).post("/api/v1/orders/{id}/payment", paid).then().statusCode(200);
        Map<String, Long> before = state(owner, intruder);

        for (Call call : List.of(
                new Call("GET", "/api/v1/orders/" + pending, null),
                new Call("GET", "/api/v1/orders/" + paid, null),
                new Call("POST", "/api/v1/orders/" + pending + "/payment", null),
                new Call("POST", "/api/v1/orders/" + paid + "/payment", null),
                new Call("POST", "/api/v1/orders/" + pending + "/cancel", null),
                new Call("POST", "/api/v1/orders/" + paid + "/cancel", null))) {
            call.send(given().header("Authorization", intruder.bearer()))
                    .then().statusCode(404)
                    .contentType(startsWith(PROBLEM))
                    .body("code", equalTo("NOT_FOUND"));
        }
        // what "me" endpoints show the intruder is the intruder's own
        given().header("Authorization", intruder.bearer()).get("/api/v1/me/orders").then().statusCode(200)
                .body("items.size()", equalTo(0));
        given().header("Authorization", intruder.bearer()).get("/api/v1/me/points").then().statusCode(200)
                .body("userId", equalTo((int) intruder.id())).body("balance", equalTo(50_000));
        given().header("Authorization", intruder.bearer()).get("/api/v1/me/points/history").then().statusCode(200)
                .body("items.size()", equalTo(1));
        // another user's coupon named in an order is not usable (and says nothing of whose it is)
        long ownersCoupon = db.giveCoupon(owner.id(), "FIXED", 500, Instant.now().plusSeconds(86_400));
        given().header("Authorization", intruder.bearer()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("productId", product, "quantity", 1)), "userCouponId", ownersCoupon))
                .post("/api/v1/orders").then().statusCode(409).body("code", equalTo("COUPON_NOT_USABLE"));

        assertEquals(before, state(owner, intruder), "nothing changed");
    }

    @Test
    void everyUserEndpointRefusesAnyoneWithoutALiveSession() {
        Users.SignedIn user = Users.newUser();
        Users.SignedIn loggedOut = Users.newUser();
        given().header("Authorization", loggedOut.bearer()).delete("/api/v1/sessions/current").then().statusCode(204);
        Users.SignedIn expired = Users.newUser();
        redis.hash(String.class).hset(Users.sessionKey(expired.token()), "exp", Long.toString(Instant.now().minusSeconds(5).getEpochSecond()));
        long product = Catalog.product("Locked away", 1_000, 10);
        long orderId = order(user, product);

        List<Call> userEndpoints = List.of(
                new Call("GET", "/api/v1/me/points", null),
                new Call("POST", "/api/v1/me/points/charges", "{\"amount\":100}"),
                new Call("GET", "/api/v1/me/points/history", null),
                new Call("POST", "/api/v1/orders", "{\"items\":[{\"productId\":" + product + ",\"quantity\":1}]}"),
                new Call("GET", "/api/v1/orders/" + orderId, null),
                new Call("POST", "/api/v1/orders/" + orderId + "/payment", null),
                new Call("POST", "/api/v1/orders/" + orderId + "/cancel", null),
                new Call("GET", "/api/v1/me/orders", null),
                new Call("GET", "/api/v1/me/coupons", null),
                new Call("POST", "/api/v1/coupons/1/issue", null),
                new Call("DELETE", "/api/v1/sessions/current", null));
        List<String> badHeaders = List.of("", "Bearer ", "Bearer garbage-token", "Basic dXNlcjpwYXNz",
                "Bearer " + user.token() + "x", loggedOut.bearer(), expired.bearer());
        for (Call call : userEndpoints) {
            for (String header : badHeaders) {
                RequestSpecification request = given();
                if (!header.isEmpty()) {
                    request.header("Authorization", header);
                }
                call.send(request).then()
                        .statusCode(401)
                        .contentType(startsWith(PROBLEM))
                        .body("code", equalTo("UNAUTHORIZED"));
            }
        }
        assertEquals("PENDING_PAYMENT", db.text("SELECT status FROM customer_order WHERE id = ?1", orderId));
        assertEquals(0, db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", user.id()));
    }

    @Test
    void adminEndpointsNeedTheAdminRole() {
        Users.SignedIn user = Users.newUser();
        long product = Catalog.product("Admin only", 1_000, 10);
        List<Call> adminEndpoints = List.of(
                new Call("POST", "/api/v1/admin/products", "{\"name\":\"x\",\"description\":\"\",\"price\":1,\"stock\":1}"),
                new Call("PATCH", "/api/v1/admin/products/" + product, "{\"price\":1}"),
                new Call("POST", "/api/v1/admin/coupons", "{\"name\":\"x\",\"discountType\":\"FIXED\",\"discountValue\":1,"
                        + "\"totalQuantity\":1,\"validFrom\":\"2026-01-01T00:00:00Z\",\"validUntil\":\"2030-01-01T00:00:00Z\"}"),
                new Call("POST", "/api/v1/admin/coupons/1/rebuild", null),
                new Call("POST", "/api/v1/admin/rankings/rebuild", null));
        long products = db.number("SELECT COUNT(*) FROM product");
        long coupons = db.number("SELECT COUNT(*) FROM coupon");
        for (Call call : adminEndpoints) {
            call.send(given().header("Authorization", user.bearer())).then()
                    .statusCode(403).contentType(startsWith(PROBLEM)).body("code", equalTo("FORBIDDEN"));
            call.send(given()).then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        }
        assertEquals(products, db.number("SELECT COUNT(*) FROM product"));
        assertEquals(coupons, db.number("SELECT COUNT(*) FROM coupon"));
        assertEquals(1_000, db.number("SELECT price FROM product WHERE id = ?1", product));
    }

    private Map<String, Long> state(Users.SignedIn a, Users.SignedIn b) {
        return Map.of(
                "orders", db.number("SELECT COUNT(*) FROM customer_order WHERE user_id IN (?1, ?2)", a.id(), b.id()),
                "pending", db.number("SELECT COUNT(*) FROM customer_order WHERE user_id = ?1 AND status = 'PENDING_PAYMENT'", a.id()),
                "paid", db.number("SELECT COUNT(*) FROM customer_order WHERE user_id = ?1 AND status = 'PAID'", a.id()),
                "balanceA", db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", a.id()),
                "balanceB", db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", b.id()),
                "payments", db.number("SELECT COUNT(*) FROM payment WHERE user_id IN (?1, ?2)", a.id(), b.id()),
                "stock", db.number("SELECT SUM(stock) FROM product"));
    }

    private static void charge(Users.SignedIn user, long amount) {
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(Map.of("amount", amount))
                .post("/api/v1/me/points/charges").then().statusCode(200);
    }

    private static long order(Users.SignedIn user, long product) {
        Number id = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("productId", product, "quantity", 1))))
                .post("/api/v1/orders").then().statusCode(201).extract().path("id");
        return id.longValue();
    }
}
