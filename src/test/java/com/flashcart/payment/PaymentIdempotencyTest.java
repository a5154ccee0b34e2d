package com.flashcart.payment;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.flashcart.support.Catalog;
import com.flashcart.support.Concurrently;
import com.flashcart.support.Http;
import com.flashcart.support.Users;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Every request with the same Idempotency-Key gets the same answer, forever, whatever races it (shared/API.md,
 * "Idempotency"). Before, a refusal was rolled back with its effect and recorded afterwards in a second
 * transaction, so repeats queued behind it ran the payment again against a balance that charges had changed
 * meanwhile: one key answered both 409 INSUFFICIENT_POINTS and 200.
 */
@QuarkusTest
class PaymentIdempotencyTest {

    private static final int ROUNDS = 8;
    private static final int REPEATS = 25;
    private static final int CHARGES = 5;

    @TestHTTPResource("/")
    URL base;

    @Test
    void oneKeyOneAnswerWhileChargesChangeTheBalanceUnderneath() throws Exception {
        Http http = new Http(base.toString());
        long product = Catalog.product("Idempotent kettle", 3_000, ROUNDS);
        for (int round = 0; round < ROUNDS; round++) {
            Users.SignedIn user = Users.newUser();
            Number orderId = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                    .body(Map.of("items", List.of(Map.of("productId", product, "quantity", 1))))
                    .post("/api/v1/orders").then().statusCode(201).extract().path("id");
            String pay = "/api/v1/orders/" + orderId + "/payment";
            // the wallet is empty: the payment is refused until enough of the 1,000-point charges have landed
            List<Http.Answer> answers = Concurrently.run(REPEATS + CHARGES, i -> i < REPEATS
                    ? http.post(pay, user.bearer(), null, "pay-once")
                    : http.post("/api/v1/me/points/charges", user.bearer(), "{\"amount\":1000}", null));
            List<Http.Answer> payments = answers.subList(0, REPEATS);
            Set<String> distinct = payments.stream().map(a -> a.status() + " " + a.body()).collect(Collectors.toSet());
            assertEquals(1, distinct.size(), "round " + round + ": " + distinct);
            assertTrue(answers.subList(REPEATS, answers.size()).stream().allMatch(a -> a.status() == 200));

            Http.Answer first = payments.get(0);
            Http.Answer later = http.post(pay, user.bearer(), null, "pay-once");
            assertEquals(first.status() + " " + first.body(), later.status() + " " + later.body(), "a later repeat");
            long balance = http.get("/api/v1/me/points", user.bearer()).json().get("balance").asLong();
            assertEquals(first.status() == 200 ? 2_000 : 5_000, balance, "points were spent at most once");
        }
    }

    /**
     * Repeats refused before they lock anything (the order does not exist) still race to one answer: each repeat's
     * insert of the key waits for the first's commit, and its replay must see that commit.
     */
    @Test
    void repeatsOfARefusalThatLocksNothingGetOneAnswer() throws Exception {
        Http http = new Http(base.toString());
        for (int round = 0; round < ROUNDS; round++) {
            Users.SignedIn user = Users.newUser();
            List<Http.Answer> answers = Concurrently.run(REPEATS,
                    i -> http.post("/api/v1/orders/999999999/payment", user.bearer(), null, "pay-nothing"));
            Set<String> distinct = answers.stream().map(a -> a.status() + " " + a.body()).collect(Collectors.toSet());
            assertEquals(1, distinct.size(), "round " + round + ": " + distinct);
            assertEquals(404, answers.get(0).status(), distinct.toString());
        }
    }

    /** A key the contract does not allow is a 400 before anything is paid; the order can then be paid with a good one. */
    @Test
    void aBadKeyIs400AndPaysNothing() {
        Http http = new Http(base.toString());
        long product = Catalog.product("Badly keyed kettle", 100, 1);
        Users.SignedIn user = Users.newUser();
        http.post("/api/v1/me/points/charges", user.bearer(), "{\"amount\":1000}", null);
        Number orderId = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("productId", product, "quantity", 1))))
                .post("/api/v1/orders").then().statusCode(201).extract().path("id");
        String pay = "/api/v1/orders/" + orderId + "/payment";
        for (String bad : List.of("x".repeat(256), "has space")) {
            Http.Answer refused = http.post(pay, user.bearer(), null, bad);
            assertEquals(400, refused.status(), refused.body());
            assertEquals("VALIDATION_FAILED", refused.json().get("code").asText());
        }
        assertEquals(1_000, http.get("/api/v1/me/points", user.bearer()).json().get("balance").asLong());
        assertEquals(200, http.post(pay, user.bearer(), null, "good-key").status());
    }
}
