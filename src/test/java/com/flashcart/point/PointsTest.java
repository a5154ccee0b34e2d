package com.flashcart.point;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import com.flashcart.common.error.ProblemException;
import com.flashcart.support.Concurrently;
import com.flashcart.support.Http;
import com.flashcart.support.LocalInfra;
import com.flashcart.support.Users;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The points wallet (shared/API.md, "Points" and "Idempotency") against the real MariaDB and Redis. */
@QuarkusTest
class PointsTest {

    private static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/")
    URL base;

    @Inject
    Wallet wallet;

    @Inject
    EntityManager em;

    @Inject
    com.flashcart.common.idempotency.IdempotencyRetention retention;

    @Test
    void concurrentChargesAllLand() throws Exception {
        Users.SignedIn user = Users.newUser();
        Http http = new Http(base.toString());
        List<Integer> statuses = Concurrently.run(200, i ->
                http.post("/api/v1/me/points/charges", user.bearer(), "{\"amount\":1000}", null).status());
        assertEquals(200, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(200_000, balance(user));
        assertEquals(200, ledgerCount(user.id(), "CHARGE"));
        assertLedgerMatchesBalance(user.id());
    }

    @Test
    void racingSpendsNeverOverdraw() throws Exception {
        Users.SignedIn user = Users.newUser();
        charge(user, 37 * 100, null).then().statusCode(200);
        List<Boolean> spent = Concurrently.run(100, i -> {
            try {
                // the wallet joins its caller's transaction (a use case's), as payment does
                QuarkusTransaction.requiringNew().run(() -> wallet.spendAll(
                        List.of(new Wallet.Spend(user.id(), 100, 1_000_000L + i))));
                return true;
            } catch (ProblemException e) {
                assertEquals("INSUFFICIENT_POINTS", e.code().name());
                return false;
            }
        });
        assertEquals(37, spent.stream().filter(b -> b).count());
        assertEquals(0, balance(user));
        assertEquals(37, ledgerCount(user.id(), "USE"));
        assertLedgerMatchesBalance(user.id());
    }

    @Test
    void repeatsWithOneIdempotencyKeyChargeOnceAndAnswerAlike() throws Exception {
        Users.SignedIn user = Users.newUser();
        Http http = new Http(base.toString());
        List<Http.Answer> answers = Concurrently.run(50, i ->
                http.post("/api/v1/me/points/charges", user.bearer(), "{\"amount\": 700}", "charge-once"));
        Set<String> bodies = answers.stream().map(Http.Answer::body).collect(Collectors.toSet());
        assertTrue(answers.stream().allMatch(a -> a.status() == 200), answers.toString());
        assertEquals(1, bodies.size(), bodies.toString());
        assertEquals(700, answers.get(0).json().get("balance").asLong());
        assertEquals(700, answers.get(0).json().get("chargedAmount").asLong());
        assertEquals(700, balance(user));
        assertEquals(1, ledgerCount(user.id(), "CHARGE"));
        // a later repeat, spelled differently but the same request, replays too
        charge(user, 700, "charge-once").then().statusCode(200).body("balance", equalTo(700));
        assertEquals(700, balance(user));
    }

    @Test
    void aKeyReusedWithAnotherBodyIs422() {
        Users.SignedIn user = Users.newUser();
        charge(user, 100, "k-1").then().statusCode(200);
        charge(user, 200, "k-1").then().statusCode(422)
                .contentType(startsWith(PROBLEM))
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        assertEquals(100, balance(user));
    }

    @Test
    void keysAreScopedToTheUser() {
        Users.SignedIn a = Users.newUser();
        Users.SignedIn b = Users.newUser();
        charge(a, 100, "shared-key").then().statusCode(200);
        charge(b, 300, "shared-key").then().statusCode(200).body("balance", equalTo(300));
        assertEquals(100, balance(a));
    }

    @Test
    void aRefusalIsReplayedToo() {
        Users.SignedIn user = Users.newUser();
        charge(user, 1_000_000, null).then().statusCode(200);
        for (int i = 0; i < 9; i++) {
            charge(user, 1_000_000, null).then().statusCode(200);
        }
        charge(user, 1, "over").then().statusCode(409).body("code", equalTo("BALANCE_LIMIT_EXCEEDED"));
        charge(user, 1, "over").then().statusCode(409).body("code", equalTo("BALANCE_LIMIT_EXCEEDED"));
        assertEquals(10_000_000, balance(user));
        assertLedgerMatchesBalance(user.id());
    }

    @Test
    void badIdempotencyKeysAre400() {
        Users.SignedIn user = Users.newUser();
        charge(user, 5, "x".repeat(256)).then().statusCode(400).contentType(startsWith(PROBLEM));
        charge(user, 5, "has space").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        assertEquals(0, balance(user));
    }

    @Test
    void badAmountsAre4xxProblemsAndChangeNothing() {
        Users.SignedIn user = Users.newUser();
        charge(user, 50, null).then().statusCode(200);
        for (String body : List.of("{\"amount\":0}", "{\"amount\":-1}", "{\"amount\":1000001}", "{\"amount\":\"abc\"}",
                "{\"amount\":\"100\"}", "{\"amount\":1.5}", "{}", "{\"amount\":null}", "[{\"amount\":5}]", "[]", "5",
                "{\"amount\":99999999999999999999999}", "{\"amount\":5", "null", "{\"amount\":true}")) {
            given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/me/points/charges")
                    .then().statusCode(400)
                    .contentType(startsWith(PROBLEM))
                    .body("code", equalTo("VALIDATION_FAILED"));
        }
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body("{\"amount\":\"" + "9".repeat(100 * 1024) + "\"}")
                .when().post("/api/v1/me/points/charges")
                .then().statusCode(413).contentType(startsWith(PROBLEM));
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .when().post("/api/v1/me/points/charges")
                .then().statusCode(400).contentType(startsWith(PROBLEM));
        given().header("Authorization", user.bearer()).contentType(ContentType.TEXT).body("amount=5")
                .when().post("/api/v1/me/points/charges")
                .then().statusCode(415).contentType(startsWith(PROBLEM));
        assertEquals(50, balance(user));
        assertEquals(1, ledgerCount(user.id(), "CHARGE"));
    }

    @Test
    void historyIsNewestFirstInCursorPagesAndPrivate() {
        Users.SignedIn a = Users.newUser();
        Users.SignedIn b = Users.newUser();
        for (int amount = 1; amount <= 5; amount++) {
            charge(a, amount, null).then().statusCode(200);
        }
        charge(b, 999, null).then().statusCode(200);

        var first = given().header("Authorization", a.bearer()).queryParam("size", 2)
                .when().get("/api/v1/me/points/history")
                .then().statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].type", equalTo("CHARGE"))
                .body("items[0].amount", equalTo(5))
                .body("items[0].balanceAfter", equalTo(15))
                .body("items[0].orderId", nullValue())
                .body("items[1].amount", equalTo(4))
                .extract();
        String cursor = first.path("nextCursor");
        given().header("Authorization", a.bearer()).queryParam("size", 2).queryParam("cursor", cursor)
                .when().get("/api/v1/me/points/history")
                .then().statusCode(200)
                .body("items.amount", equalTo(List.of(3, 2)));
        List<Integer> all = given().header("Authorization", a.bearer()).queryParam("size", 100)
                .when().get("/api/v1/me/points/history")
                .then().statusCode(200)
                .body("nextCursor", nullValue())
                .extract().path("items.amount");
        assertEquals(List.of(5, 4, 3, 2, 1), all, "only the user's own rows, newest first");

        given().header("Authorization", b.bearer()).when().get("/api/v1/me/points")
                .then().statusCode(200).body("userId", equalTo((int) b.id())).body("balance", equalTo(999));
        given().header("Authorization", a.bearer()).queryParam("cursor", "not-a-cursor")
                .when().get("/api/v1/me/points/history").then().statusCode(400).contentType(startsWith(PROBLEM));
        given().header("Authorization", a.bearer()).queryParam("size", 101)
                .when().get("/api/v1/me/points/history").then().statusCode(400).contentType(startsWith(PROBLEM));
    }

    @Test
    void aFreshChargeIsInTheHistoryEvenWhileTheReplicaLags() {
        Users.SignedIn user = Users.newUser();
        LocalInfra.pauseReplication();
        try {
            charge(user, 4321, null).then().statusCode(200);
            given().header("Authorization", user.bearer())
                    .when().get("/api/v1/me/points/history")
                    .then().statusCode(200)
                    .body("items[0].amount", equalTo(4321));
            // the replica really is behind: the row is not there yet
            String onReplica = LocalInfra.replicaSql(
                    "SELECT COUNT(*) FROM " + System.getenv().getOrDefault("FLASHCART_TEST_DB", "flashcart_test") + ".point_ledger WHERE user_id = " + user.id());
            assertEquals("0", onReplica.trim());
        } finally {
            LocalInfra.resumeReplication();
        }
    }

    /**
     * Records are kept at least 24 h (48 h configured) and then forgotten. The record is made older in the database
     * rather than the application clock moved forward, which would expire every other test's orders and keys.
     */
    @Test
    void keysAreKeptForTheRetentionThenForgotten() {
        Users.SignedIn user = Users.newUser();
        charge(user, 10, "kept").then().statusCode(200);
        ageKeys(user.id(), Duration.ofHours(47));
        retention.forgetExpired();
        assertEquals(1, countKeys(user.id()), "kept for at least 24 h");
        charge(user, 10, "kept").then().statusCode(200).body("balance", equalTo(10));
        ageKeys(user.id(), Duration.ofHours(2));
        retention.forgetExpired();
        assertEquals(0, countKeys(user.id()), "forgotten after the retention");
    }

    private void ageKeys(long userId, Duration by) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE idempotency_record SET created_at = created_at - INTERVAL ?1 SECOND WHERE user_id = ?2")
                .setParameter(1, by.toSeconds()).setParameter(2, userId).executeUpdate());
    }

    private long countKeys(long userId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT COUNT(*) FROM idempotency_record WHERE user_id = ?1").setParameter(1, userId)
                .getSingleResult()).longValue());
    }

    private static io.restassured.response.Response charge(Users.SignedIn user, long amount, String key) {
        var request = given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("amount", amount));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post("/api/v1/me/points/charges");
    }

    private static long balance(Users.SignedIn user) {
        Number balance = given().header("Authorization", user.bearer()).get("/api/v1/me/points")
                .then().statusCode(200).extract().path("balance");
        return balance.longValue();
    }

    private long ledgerCount(long userId, String type) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT COUNT(*) FROM point_ledger WHERE user_id = ?1 AND type = ?2")
                .setParameter(1, userId).setParameter(2, type).getSingleResult()).longValue());
    }

    private void assertLedgerMatchesBalance(long userId) {
        Object[] row = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery("""
                SELECT w.balance, COALESCE(SUM(CASE l.type WHEN 'USE' THEN -l.amount ELSE l.amount END), 0)
                FROM point_wallet w LEFT JOIN point_ledger l ON l.user_id = w.user_id
                WHERE w.user_id = ?1 GROUP BY w.balance""").setParameter(1, userId).getSingleResult());
        assertEquals(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), "ledger sum equals balance");
    }
}
