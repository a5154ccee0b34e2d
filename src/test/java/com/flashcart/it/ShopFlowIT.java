package com.flashcart.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.flashcart.support.Catalog;
import com.flashcart.support.Users;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * The packaged artifact (the JVM jar here, the native executable in the native workflow) serves a whole
 * shopping flow over HTTP against the real MariaDB pair, Redis and Kafka: nothing that only works in JVM test
 * mode (reflection, resources, proxies) may break it.
 */
@QuarkusIntegrationTest
class ShopFlowIT {

    @Test
    void healthIsUp() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void signUpChargeOrderPayCancel() {
        Users.SignedIn user = Users.newUser();
        given().header("Authorization", user.bearer()).header("Idempotency-Key", "it-charge")
                .contentType(ContentType.JSON).body(Map.of("amount", 50_000))
                .post("/api/v1/me/points/charges")
                .then().statusCode(200).body("balance", equalTo(50_000)).body("chargedAmount", equalTo(50_000));

        long product = Catalog.product("Native-safe teapot", 20_000, 3);
        given().get("/api/v1/products/{id}", product).then().statusCode(200).body("name", equalTo("Native-safe teapot"));

        Number orderId = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("productId", product, "quantity", 2))))
                .post("/api/v1/orders")
                .then().statusCode(201).body("payAmount", equalTo(40_000)).extract().path("id");
        given().header("Authorization", user.bearer()).post("/api/v1/orders/{id}/payment", orderId)
                .then().statusCode(200).body("status", equalTo("PAID")).body("paymentId", notNullValue());
        given().header("Authorization", user.bearer()).get("/api/v1/me/orders")
                .then().statusCode(200).body("items.id", hasItem(orderId.intValue()));
        given().header("Authorization", user.bearer()).post("/api/v1/orders/{id}/cancel", orderId)
                .then().statusCode(200).body("status", equalTo("CANCELLED"));
        given().header("Authorization", user.bearer()).get("/api/v1/me/points")
                .then().statusCode(200).body("balance", equalTo(50_000));
        given().header("Authorization", user.bearer()).get("/api/v1/me/points/history")
                .then().statusCode(200).body("items.type", equalTo(List.of("REFUND", "USE", "CHARGE")));
    }

    @Test
    void failuresAreProblemJson() {
        given().contentType(ContentType.JSON).body("{\"email\":")
                .post("/api/v1/users")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("VALIDATION_FAILED"));
        given().get("/api/v1/me/points")
                .then().statusCode(401).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("UNAUTHORIZED"));
        given().get("/api/v1/products/{id}", Long.MAX_VALUE)
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }
}
