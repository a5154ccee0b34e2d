package com.flashcart.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Readiness is the primary; the replica and Redis are reported in their own group and do not decide it. */
@QuarkusTest
class HealthTest {

    @Test
    void readinessIsUpAndChecksThePrimaryOnly() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.data.'<default>'", hasItem("UP"))
                .body("checks.data.replica", not(hasItem("UP")));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void dependenciesGroupReportsReplicaAndRedis() {
        given().when().get("/q/health/group/dependencies")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("replica", "redis"))
                .body("checks.find { it.name == 'replica' }.data.io", equalTo("Yes"))
                .body("checks.find { it.name == 'replica' }.data.sql", equalTo("Yes"));
    }

    @Test
    void answersNameTheInstance() {
        given().when().get("/api/v1/products")
                .then().statusCode(200)
                .header("X-Flashcart-Instance", equalTo("test"));
    }
}
