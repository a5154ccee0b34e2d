package com.flashcart.topology;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.flashcart.support.Concurrently;
import com.flashcart.support.Http;
import com.flashcart.support.Users;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The holes an outside black-box attack found, each attacked again where it lived: through haproxy, against two
 * instances sharing Redis and the MariaDB pair (issue "Close the abuse and race holes").
 */
@Tag("topology")
class AbuseThroughTheBalancerTest {

    private static final String PROBLEM = "application/problem+json";

    @BeforeAll
    static void balancer() {
        Topology.useBalancer();
    }

    @BeforeEach
    @AfterEach
    void noLockoutLeftForTheNextTest() {
        Topology.forgetLocalLoginFailures();
    }

    @Test
    void aLookAlikeEmailDoesNotGetPastALockedAccount() {
        String email = "alice." + Users.freshEmail();
        Users.signUp(email);
        for (int i = 0; i < 10; i++) {
            login(email, "wrong " + i, null).then().statusCode(401);
        }
        login(email, Users.PASSWORD, null).then().statusCode(429);
        login(email.toUpperCase(), Users.PASSWORD, null).then().statusCode(429);
        login(email.replaceFirst("alice", "alic\u00e9"), Users.PASSWORD, null).then().statusCode(401);
    }

    @Test
    void parallelGuessesAcrossBothInstancesAreCheckedAtMostTheLimit() throws Exception {
        String email = Users.freshEmail();
        Users.signUp(email);
        List<Integer> statuses = Concurrently.run(40, i -> login(email, "guess " + i, null).statusCode());
        assertEquals(10, statuses.stream().filter(s -> s == 401).count(), statuses.toString());
        assertEquals(30, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
    }

    /** Rotating X-Forwarded-For neither escapes this client's limit nor charges anyone else's address. */
    @Test
    void aClientCannotChooseItsAddressThroughTheBalancer() throws Exception {
        String good = Users.freshEmail();
        Users.signUp(good);
        List<Integer> statuses = Concurrently.run(100, i ->
                login(Users.freshEmail(), "guess", "10.66." + (i / 250) + "." + (i % 250)).statusCode());
        assertTrue(statuses.stream().allMatch(s -> s == 401), statuses.toString());
        login(good, Users.PASSWORD, "10.77.0.1").then().statusCode(429).body("code", equalTo("RATE_LIMITED"));
        assertEquals("", Topology.redis("KEYS", "fc:login-failures:addr:10.66.*"));
        assertEquals("100", Topology.redis("GET", "fc:login-failures:addr:127.0.0.1"));
    }

    @Test
    void repeatedJsonKeysAre400Problems() {
        Users.SignedIn user = Users.newUser();
        for (String body : List.of("{\"amount\":1,\"amount\":2}", "{\"amount\":1,\"amount\":1}")) {
            given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/me/points/charges")
                    .then().statusCode(400).contentType(startsWith(PROBLEM)).body("code", equalTo("VALIDATION_FAILED"));
        }
        given().contentType(ContentType.JSON).body("{\"email\":\"a@b.c\",\"email\":\"d@e.f\",\"password\":\"x\"}")
                .post("/api/v1/sessions").then().statusCode(400).contentType(startsWith(PROBLEM));
        assertEquals(0, balance(user));
    }

    @Test
    void oneKeyGetsOneAnswerFromBothInstancesWhileTheBalanceChanges() throws Exception {
        Http http = new Http(Topology.base());
        String admin = adminBearer();
        long product = product(admin, "Topology kettle", 3_000, 4);
        for (int round = 0; round < 4; round++) {
            Users.SignedIn user = Users.newUser();
            long order = order(user, product, 1).then().statusCode(201).extract().<Number> path("id").longValue();
            String pay = "/api/v1/orders/" + order + "/payment";
            List<Http.Answer> answers = Concurrently.run(30, i -> i < 25
                    ? http.post(pay, user.bearer(), null, "pay-once")
                    : http.post("/api/v1/me/points/charges", user.bearer(), "{\"amount\":1000}", null));
            Set<String> distinct = answers.subList(0, 25).stream().map(a -> a.status() + " " + a.body())
                    .collect(Collectors.toSet());
            assertEquals(1, distinct.size(), "round " + round + ": " + distinct);
            Http.Answer later = http.post(pay, user.bearer(), null, "pay-once");
            assertEquals(distinct.iterator().next(), later.status() + " " + later.body());
        }
    }

    @Test
    void aBrokenPaymentBodyPaysNothing() {
        Users.SignedIn user = Users.newUser();
        charge(user, 10_000);
        long product = product(adminBearer(), "Topology vase", 1_000, 3);
        long order = order(user, product, 1).then().statusCode(201).extract().<Number> path("id").longValue();
        for (String body : List.of("{\"broken", "[]", "\"x\"", "{\"a\":1,\"a\":1}")) {
            given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/orders/{id}/payment", order).then().statusCode(400).contentType(startsWith(PROBLEM));
            given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/orders/{id}/cancel", order).then().statusCode(400).contentType(startsWith(PROBLEM));
        }
        given().header("Authorization", user.bearer()).get("/api/v1/orders/{id}", order)
                .then().statusCode(200).body("status", equalTo("PENDING_PAYMENT"));
        assertEquals(10_000, balance(user));
        given().header("Authorization", user.bearer()).post("/api/v1/orders/{id}/payment", order)
                .then().statusCode(200).body("status", equalTo("PAID"));
    }

    @Test
    void stockStopsAtItsBoundAndACancellationAlwaysGivesBack() {
        String admin = adminBearer();
        Users.SignedIn user = Users.newUser();
        long product = product(admin, "Topology crate", 1, 100_000_000);
        long order = order(user, product, 5).then().statusCode(201).extract().<Number> path("id").longValue();
        for (int i = 0; i < 9; i++) {
            patch(admin, product, Map.of("stockDelta", 100_000_000)).then().statusCode(200);
        }
        patch(admin, product, Map.of("stockDelta", 1)).then().statusCode(409)
                .contentType(startsWith(PROBLEM)).body("code", equalTo("STOCK_LIMIT_EXCEEDED"));
        given().header("Authorization", user.bearer()).post("/api/v1/orders/{id}/cancel", order)
                .then().statusCode(200).body("status", equalTo("CANCELLED"));
        patch(admin, product, Map.of("price", 2)).then().statusCode(200).body("stock", equalTo(1_000_000_000));
    }

    /** The instances' own scheduled sweeps expire every due order around one that cannot expire. */
    @Test
    void anOrderThatCannotExpireHoldsUpNoOtherOnTheRunningSweeps() {
        String admin = adminBearer();
        Users.SignedIn user = Users.newUser();
        long poisoned = product(admin, "Topology poisoned", 1_000, 5);
        long fine = product(admin, "Topology fine", 1_000, 5);
        long bad = order(user, poisoned, 2).then().statusCode(201).extract().<Number> path("id").longValue();
        List<Long> good = List.of(order(user, fine, 1).then().statusCode(201).extract().<Number> path("id").longValue(),
                order(user, fine, 1).then().statusCode(201).extract().<Number> path("id").longValue());
        Topology.sql("UPDATE product SET held = 0 WHERE id = " + poisoned);
        Topology.sql("UPDATE customer_order SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE id IN ("
                + bad + "," + good.get(0) + "," + good.get(1) + ")");
        await().atMost(Duration.ofSeconds(60)).until(() -> good.stream().allMatch(id ->
                "EXPIRED".equals(Topology.sql("SELECT status FROM customer_order WHERE id = " + id))));
        assertEquals("PENDING_PAYMENT", Topology.sql("SELECT status FROM customer_order WHERE id = " + bad));
        Topology.sql("UPDATE product SET held = 2 WHERE id = " + poisoned);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                "EXPIRED".equals(Topology.sql("SELECT status FROM customer_order WHERE id = " + bad)));
        assertEquals("5", Topology.sql("SELECT stock FROM product WHERE id = " + poisoned));
    }

    /** What the HTTP layer refuses before the application runs is problem+json too. */
    @Test
    void requestsRefusedBeforeTheApplicationAreProblems() {
        String big = "a".repeat(30_000);
        for (byte[] request : List.of(
                get("/api/v1/products", "X-Big: " + big),
                get("/api/v1/products/" + "1".repeat(9_000), null),
                get("/api/v1/products", "X-Odd: a\u007fb"),
                get("/api/v1/products", "X\u007fOdd: ab"))) {
            Topology.RawAnswer answer = Topology.raw(request);
            assertTrue(answer.status() >= 400 && answer.status() < 500, answer.toString());
            assertTrue(answer.contentType().startsWith(PROBLEM), answer.toString());
            assertTrue(answer.body().contains("\"status\":" + answer.status()), answer.toString());
        }
    }

    static byte[] get(String path, String header) {
        String request = "GET " + path + " HTTP/1.1\r\nHost: flashcart\r\nConnection: close\r\n"
                + (header == null ? "" : header + "\r\n") + "\r\n";
        return request.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- through the API

    private static Response login(String email, String password, String forwardedFor) {
        var request = given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return request.post("/api/v1/sessions");
    }

    static String adminBearer() {
        return "Bearer " + Users.login(Topology.ADMIN_EMAIL, Topology.ADMIN_PASSWORD);
    }

    static long product(String admin, String name, long price, int stock) {
        return given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(Map.of("name", name + " " + Instant.now(), "description", "topology test", "price", price,
                        "stock", stock))
                .post("/api/v1/admin/products").then().statusCode(201).extract().<Number> path("id").longValue();
    }

    static Response order(Users.SignedIn user, long product, int quantity) {
        return given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("productId", product, "quantity", quantity))))
                .post("/api/v1/orders");
    }

    static Response patch(String admin, long product, Map<String, Object> change) {
        return given().header("Authorization", admin).contentType(ContentType.JSON).body(change)
                .patch("/api/v1/admin/products/{id}", product);
    }

    static void charge(Users.SignedIn user, long amount) {
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(Map.of("amount", amount))
                .post("/api/v1/me/points/charges").then().statusCode(200);
    }

    static long balance(Users.SignedIn user) {
        return given().header("Authorization", user.bearer()).get("/api/v1/me/points")
                .then().statusCode(200).extract().<Number> path("balance").longValue();
    }
}
