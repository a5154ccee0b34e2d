package com.flashcart.resilience;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * With Redis unreachable, what each kind of endpoint does is the documented behaviour: sessions (and so every
 * signed-in endpoint) answer a fast 503 UNAVAILABLE — never 401, which would tell clients their token is bad —
 * while catalog reads keep working from the database and readiness stays UP.
 */
@QuarkusTest
@TestProfile(RedisDownTest.DeadRedis.class)
class RedisDownTest {

    public static class DeadRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1", "quarkus.redis.timeout", "1s");
        }
    }

    @Test
    void signedInEndpointsAnswerAFast503() {
        given().header("Authorization", "Bearer some-token-from-before-the-outage")
                .when().get("/api/v1/me/points")
                .then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("UNAVAILABLE"))
                .header("Retry-After", equalTo("1"));
    }

    @Test
    void loginAnswers503() {
        given().contentType(ContentType.JSON).body(Map.of("email", "someone@test.flashcart.local", "password", "whatever1"))
                .when().post("/api/v1/sessions")
                .then().statusCode(503)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("UNAVAILABLE"));
    }

    @Test
    void catalogReadsAndReadinessCarryOn() {
        given().get("/api/v1/products?size=5").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/group/dependencies").then().statusCode(503)
                .body("checks.find { it.name == 'redis' }.status", equalTo("DOWN"));
    }
}
