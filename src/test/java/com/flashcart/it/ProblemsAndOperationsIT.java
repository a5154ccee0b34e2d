package com.flashcart.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.flashcart.support.Catalog;
import com.flashcart.support.Http;
import com.flashcart.support.Users;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Jackson of every kind of problem answer, the admin created at start-up, health groups, metrics and OpenAPI,
 * through the packaged artifact (in native, each needs its classes and resources in the executable).
 */
@QuarkusIntegrationTest
class ProblemsAndOperationsIT {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void everyKindOfRefusalIsAProblemWithItsCode() {
        Users.SignedIn user = Users.newUser();
        long product = Catalog.product("Native problem vase", 1_000, 1);
        expect(given().contentType(ContentType.JSON).body(Map.of("email", "x", "password", "short", "name", "")),
                "POST", "/api/v1/users", 400, "VALIDATION_FAILED").body("errors[0].field", notNullValue());
        expect(given(), "GET", "/api/v1/me/points", 401, "UNAUTHORIZED");
        expect(given().header("Authorization", user.bearer()), "POST", "/api/v1/admin/rankings/rebuild", 403,
                "FORBIDDEN");
        expect(given(), "GET", "/api/v1/products/999999999", 404, "NOT_FOUND");
        expect(given(), "DELETE", "/api/v1/products", 405, "METHOD_NOT_ALLOWED");
        expect(given().header("Authorization", user.bearer()).contentType(ContentType.TEXT).body("amount=1"),
                "POST", "/api/v1/me/points/charges", 415, "UNSUPPORTED_MEDIA_TYPE");
        expect(given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body("{\"amount\":" + " ".repeat(70_000) + "1}"), "POST", "/api/v1/me/points/charges", 413,
                "PAYLOAD_TOO_LARGE");
        expect(given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body("{\"amount\":1,\"amount\":2}"), "POST", "/api/v1/me/points/charges", 400, "VALIDATION_FAILED");
        expect(order(user, product, 2), "POST", "/api/v1/orders", 409, "OUT_OF_STOCK");
        order(user, product, 1).post("/api/v1/orders").then().statusCode(201);
        given().header("Authorization", user.bearer()).header("Idempotency-Key", "native-k")
                .contentType(ContentType.JSON).body(Map.of("amount", 10))
                .post("/api/v1/me/points/charges").then().statusCode(200);
        expect(given().header("Authorization", user.bearer()).header("Idempotency-Key", "native-k")
                .contentType(ContentType.JSON).body(Map.of("amount", 20)), "POST", "/api/v1/me/points/charges", 422,
                "IDEMPOTENCY_KEY_REUSED");
    }

    /** Bodies without a Content-Length (chunked) are counted while they are read: BodySizeLimit's request filter. */
    @Test
    void chunkedBodiesAreCountedWhileRead() {
        Users.SignedIn user = Users.newUser();
        long product = Catalog.product("Native chunked jug", 1_000, 5);
        Http http = new Http(RestAssured.baseURI + ":" + RestAssured.port);
        String line = "{\"items\":[{\"productId\":" + product + ",\"quantity\":1}]";
        Http.Answer tooLarge = http.postChunked("/api/v1/orders", user.bearer(), line + " ".repeat(70_000) + "}");
        assertEquals(413, tooLarge.status(), tooLarge.body());
        assertEquals("PAYLOAD_TOO_LARGE", tooLarge.json().get("code").asText());
        Http.Answer placed = http.postChunked("/api/v1/orders", user.bearer(), line + "}");
        assertEquals(201, placed.status(), placed.body());
    }

    @Test
    void theAdminFromConfigurationSignsIn() {
        given().header("Authorization", Users.adminBearer()).get("/api/v1/me/points").then().statusCode(200);
    }

    @Test
    void healthMetricsAndOpenApiAnswer() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/group/dependencies").then().body("checks.name", notNullValue());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("flashcart_outbox_pending_rows"))
                .body(containsString("http_server_requests_seconds"));
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", notNullValue()).body(containsString("/api/v1/orders"));
    }

    private static RequestSpecification order(Users.SignedIn user, long product, int quantity) {
        return given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("productId", product, "quantity", quantity))));
    }

    private static io.restassured.response.ValidatableResponse expect(RequestSpecification request, String method,
            String path, int status, String code) {
        return request.request(method, path).then().statusCode(status)
                .contentType(startsWith(PROBLEM)).body("code", equalTo(code)).body("status", equalTo(status));
    }
}
