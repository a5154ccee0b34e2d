package com.flashcart.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.junit.jupiter.api.Test;

import com.flashcart.support.Http;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every failure is an RFC 9457 problem+json answer with the contract's code, and never leaks internals. */
@QuarkusTest
class ErrorMappingTest {

    private static final String PROBLEM_JSON = "application/problem+json";

    @TestHTTPResource("/")
    URL base;

    @Test
    void malformedJsonIs400Problem() {
        given().contentType(ContentType.JSON).body("{\"name\": \"a\", ")
                .when().post("/test/probe")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(400))
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("title", equalTo("Request is not valid"))
                .body("type", startsWith("https://"));
    }

    @Test
    void wrongTypeNamesTheField() {
        given().contentType(ContentType.JSON).body("{\"name\": \"a\", \"quantity\": \"many\"}")
                .when().post("/test/probe")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("quantity"));
    }

    @Test
    void validationErrorsListEveryOffendingField() {
        given().contentType(ContentType.JSON).body("{\"name\": \" \", \"quantity\": 0}")
                .when().post("/test/probe")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("quantity"));
    }

    @Test
    void missingBodyIs400() {
        given().contentType(ContentType.JSON)
                .when().post("/test/probe")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void wrongMediaTypeIs415Problem() {
        given().contentType(ContentType.TEXT).body("name=a")
                .when().post("/test/probe")
                .then().statusCode(415)
                .contentType(startsWith(PROBLEM_JSON))
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    }

    @Test
    void bodyOver64KiBIs413Problem() {
        String big = "{\"name\": \"" + "x".repeat(70 * 1024) + "\", \"quantity\": 1}";
        given().contentType(ContentType.JSON).body(big)
                .when().post("/test/probe")
                .then().statusCode(413)
                .contentType(startsWith(PROBLEM_JSON))
                .body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void chunkedBodyOver64KiBIs413Problem() {
        // no Content-Length: the body is counted while it is read
        Http.Answer answer = new Http(base.toString()).postChunked("/test/probe", null,
                "{\"name\": \"" + "x".repeat(70 * 1024) + "\", \"quantity\": 1}");
        assertEquals(413, answer.status(), answer.body());
        assertTrue(answer.headers().get("content-type").get(0).startsWith(PROBLEM_JSON));
        assertEquals("PAYLOAD_TOO_LARGE", answer.json().get("code").asText());
    }

    @Test
    void chunkedBodyUnderTheLimitIsAccepted() {
        Http.Answer answer = new Http(base.toString()).postChunked("/test/probe", null,
                "{\"name\": \"" + "x".repeat(60 * 1024) + "\", \"quantity\": 3}");
        assertEquals(200, answer.status(), answer.body());
        assertEquals(3, answer.json().get("quantity").asInt());
    }

    @Test
    void bodyJustUnderTheLimitIsAccepted() {
        String body = "{\"name\": \"" + "x".repeat(60 * 1024) + "\", \"quantity\": 3}";
        given().contentType(ContentType.JSON).body(body)
                .when().post("/test/probe")
                .then().statusCode(200)
                .body("quantity", equalTo(3));
    }

    @Test
    void unknownPathIs404Problem() {
        given().when().get("/api/v1/no-such-thing")
                .then().statusCode(404)
                .contentType(startsWith(PROBLEM_JSON))
                .body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void wrongMethodIs405Problem() {
        given().when().delete("/api/v1/products")
                .then().statusCode(405)
                .contentType(startsWith(PROBLEM_JSON))
                .body("code", equalTo("METHOD_NOT_ALLOWED"));
    }

    @Test
    void unexpectedFailureIs500WithoutInternals() {
        given().when().get("/test/probe/boom")
                .then().statusCode(500)
                .contentType(startsWith(PROBLEM_JSON))
                .body("code", equalTo("INTERNAL_ERROR"))
                .body(not(containsString("SELECT")))
                .body(not(containsString("IllegalStateException")))
                .body(not(containsString("at com.flashcart")));
    }
}
