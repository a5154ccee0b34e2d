package com.flashcart.common;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.flashcart.catalog.ProductAdmin;
import com.flashcart.catalog.ProductChanged;
import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;
import com.flashcart.coupon.CouponIssuer;
import com.flashcart.coupon.Coupons;
import com.flashcart.coupon.DiscountType;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With Redis unreachable (here: a port nothing listens on), what each kind of endpoint does is the documented
 * behaviour: product reads still come from the database, readiness stays UP, coupon issuance refuses with 503
 * UNAVAILABLE rather than hanging, and sessions (so every signed-in endpoint, and login) answer 503 — never 401,
 * which would tell clients their token is bad.
 */
@QuarkusTest
@TestProfile(RedisDownTest.RedisUnreachable.class)
class RedisDownTest {

    public static class RedisUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1/3",
                    "quarkus.redis.product-cache.hosts", "redis://127.0.0.1:1/4");
        }
    }

    @Inject
    ProductAdmin admin;

    @Inject
    Coupons coupons;

    @Inject
    CouponIssuer issuer;

    @Inject
    Event<ProductChanged> changed;

    @Test
    void productReadsFallBackToTheDatabase() {
        var product = admin.create("Uncached chair", "oak", 120_000, 2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().when().get("/api/v1/products/{id}", product.id())
                        .then().statusCode(200).body("name", equalTo("Uncached chair")).body("price", equalTo(120_000)));
        given().queryParam("size", 5).when().get("/api/v1/products").then().statusCode(200).body("size", equalTo(5));
        given().when().get("/api/v1/products/{id}", Long.MAX_VALUE).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        changed.fire(new ProductChanged(product.id())); // an invalidation that cannot reach Redis does not fail the writer
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void couponIssuanceAnswersUnavailableQuickly() {
        Coupons.CouponData coupon = coupons.create("Offline", DiscountType.FIXED, 1000, 10,
                java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(3600));
        ProblemException refused = assertThrows(ProblemException.class, () -> issuer.issue(coupon.id(), 1));
        assertEquals(ErrorCode.UNAVAILABLE, refused.code());
        assertEquals(Duration.ofSeconds(1), refused.retryAfter());
        given().when().get("/api/v1/coupons/{id}", coupon.id()).then().statusCode(200).body("issuedQuantity", equalTo(0));
    }

    @Test
    void signedInEndpointsAnswer503() {
        given().header("Authorization", "Bearer some-token-from-before-the-outage")
                .when().get("/api/v1/me/points")
                .then().statusCode(503)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                .body("code", equalTo("UNAVAILABLE"))
                .header("Retry-After", equalTo("1"));
    }

    @Test
    void loginAnswers503() {
        given().contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("email", "someone@test.flashcart.local", "password", "whatever1"))
                .when().post("/api/v1/sessions")
                .then().statusCode(503)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"))
                .body("code", equalTo("UNAVAILABLE"));
    }

    @Test
    void dependenciesGroupReportsRedisDown() {
        given().get("/q/health/group/dependencies").then().statusCode(503)
                .body("checks.find { it.name == 'redis' }.status", equalTo("DOWN"));
    }
}
