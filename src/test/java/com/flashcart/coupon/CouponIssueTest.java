package com.flashcart.coupon;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.flashcart.common.db.PrimaryPools;
import com.flashcart.common.error.ErrorCode;
import com.flashcart.common.error.ProblemException;
import com.flashcart.session.SessionStore;
import com.flashcart.support.Concurrently;
import com.flashcart.support.FreshRedis;
import com.flashcart.support.LocalInfra;
import com.flashcart.support.Http;
import com.flashcart.support.SqlUsers;
import com.flashcart.support.Users;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** First-come-first-served coupons (shared/API.md, "Coupons" and "Admin"), against real Redis and MariaDB. */
@QuarkusTest
@QuarkusTestResource(FreshRedis.class)
class CouponIssueTest {

    private static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/")
    URL base;

    @Inject
    @DataSource(PrimaryPools.AUTOCOMMIT)
    AgroalDataSource primary;

    @Inject
    SessionStore sessions;

    @Inject
    CouponIssuer issuer;

    @Inject
    CouponGate gate;

    @Inject
    RedisDataSource redis;

    static long createCoupon(String admin, int total) {
        return createCoupon(admin, total, Instant.now().plus(7, ChronoUnit.DAYS));
    }

    static long createCoupon(String admin, int total, Instant validUntil) {
        Number id = given().header("Authorization", admin).contentType(ContentType.JSON)
                .body(couponBody("FIXED", 3000, total, Instant.now().minusSeconds(60), validUntil))
                .when().post("/api/v1/admin/coupons")
                .then().statusCode(201)
                .extract().path("id");
        return id.longValue();
    }

    private static Map<String, Object> couponBody(String type, long value, long total, Instant from, Instant until) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Flash " + type + " " + value);
        body.put("discountType", type);
        body.put("discountValue", value);
        body.put("totalQuantity", total);
        body.put("validFrom", from.toString());
        body.put("validUntil", until.toString());
        return body;
    }

    private long sql(String query) {
        try (Connection c = primary.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> bearers(List<Long> userIds) {
        return userIds.stream().map(id -> "Bearer " + sessions.create(id, "USER").token()).toList();
    }

    @Test
    void adminCreatesACouponAndAnyoneReadsIt() {
        Instant from = Instant.parse("2030-01-01T00:00:00Z");
        Instant until = Instant.parse("2030-02-01T00:00:00Z");
        Map<String, Object> body = couponBody("RATE", 15, 500, from, until);
        body.put("issuedQuantity", 499); // not the client's to set
        body.put("id", 1);
        Number id = given().header("Authorization", Users.adminBearer()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/admin/coupons")
                .then().statusCode(201)
                .body("id", greaterThan(0))
                .body("name", equalTo("Flash RATE 15"))
                .body("discountType", equalTo("RATE"))
                .body("discountValue", equalTo(15))
                .body("totalQuantity", equalTo(500))
                .body("issuedQuantity", equalTo(0))
                .body("validFrom", equalTo("2030-01-01T00:00:00Z"))
                .body("validUntil", equalTo("2030-02-01T00:00:00Z"))
                .extract().path("id");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().when().get("/api/v1/coupons/{id}", id)
                        .then().statusCode(200)
                        .body("id", equalTo(id.intValue()))
                        .body("discountType", equalTo("RATE"))
                        .body("totalQuantity", equalTo(500))
                        .body("issuedQuantity", equalTo(0))
                        .body("validUntil", equalTo("2030-02-01T00:00:00Z")));
        assertEquals("500", redis.value(String.class).get("fc:coupon:{" + id + "}:total"), "Redis state initialised");
    }

    @Test
    void invalidCouponDefinitionsAre400AndCreateNothing() {
        String admin = Users.adminBearer();
        long before = sql("SELECT COUNT(*) FROM coupon");
        Instant from = Instant.now();
        Instant until = from.plus(1, ChronoUnit.DAYS);
        List<Map<String, Object>> bad = new ArrayList<>();
        bad.add(couponBody("RATE", 101, 10, from, until));
        bad.add(couponBody("FIXED", 0, 10, from, until));
        bad.add(couponBody("FIXED", -5, 10, from, until));
        bad.add(couponBody("FIXED", 1000, 0, from, until));
        bad.add(couponBody("FIXED", 1000, 10_000_001, from, until));
        bad.add(couponBody("FIXED", 1000, 10, until, from));
        bad.add(couponBody("FIXED", 1000, 10, from, from));
        bad.add(couponBody("PERCENT", 10, 10, from, until));
        Map<String, Object> noName = couponBody("FIXED", 1000, 10, from, until);
        noName.remove("name");
        bad.add(noName);
        Map<String, Object> badDate = couponBody("FIXED", 1000, 10, from, until);
        badDate.put("validUntil", "tomorrow");
        bad.add(badDate);
        for (Map<String, Object> body : bad) {
            given().header("Authorization", admin).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/admin/coupons")
                    .then().statusCode(400)
                    .contentType(startsWith(PROBLEM))
                    .body("code", equalTo("VALIDATION_FAILED"));
        }
        given().header("Authorization", admin).contentType(ContentType.JSON).body("{\"name\": ")
                .when().post("/api/v1/admin/coupons")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        assertEquals(before, sql("SELECT COUNT(*) FROM coupon"));
    }

    @Test
    void couponEndpointsCheckAuthenticationAndRole() {
        long id = createCoupon(Users.adminBearer(), 5);
        Users.SignedIn user = Users.newUser();
        given().when().post("/api/v1/coupons/{id}/issue", id)
                .then().statusCode(401).contentType(startsWith(PROBLEM)).body("code", equalTo("UNAUTHORIZED"));
        given().when().get("/api/v1/me/coupons")
                .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        given().contentType(ContentType.JSON).body(couponBody("FIXED", 1, 1, Instant.now(), Instant.now().plusSeconds(60)))
                .when().post("/api/v1/admin/coupons")
                .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(couponBody("FIXED", 1, 1, Instant.now(), Instant.now().plusSeconds(60)))
                .when().post("/api/v1/admin/coupons")
                .then().statusCode(403).contentType(startsWith(PROBLEM)).body("code", equalTo("FORBIDDEN"));
        given().header("Authorization", user.bearer())
                .when().post("/api/v1/admin/coupons/{id}/rebuild", id)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().header("Authorization", "Bearer not-a-session")
                .when().post("/api/v1/coupons/{id}/issue", id)
                .then().statusCode(401);
    }

    @Test
    void unknownOrMalformedCouponIds() {
        Users.SignedIn user = Users.newUser();
        given().when().get("/api/v1/coupons/{id}", Long.MAX_VALUE)
                .then().statusCode(404).contentType(startsWith(PROBLEM)).body("code", equalTo("NOT_FOUND"));
        given().header("Authorization", user.bearer()).when().post("/api/v1/coupons/{id}/issue", 987_654_321L)
                .then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().when().get("/api/v1/coupons/abc")
                .then().statusCode(400).contentType(startsWith(PROBLEM)).body("code", equalTo("VALIDATION_FAILED"));
        given().header("Authorization", user.bearer()).when().post("/api/v1/coupons/0/issue")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().header("Authorization", user.bearer()).when().post("/api/v1/coupons/x1/issue")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void issueThenSecondTryThenSoldOutAndTheListShowsIt() {
        String admin = Users.adminBearer();
        Instant until = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        long id = createCoupon(admin, 1, until);
        Users.SignedIn first = Users.newUser();
        Users.SignedIn second = Users.newUser();

        Number userCouponId = given().header("Authorization", first.bearer()).when().post("/api/v1/coupons/{id}/issue", id)
                .then().statusCode(201)
                .body("userCouponId", greaterThan(0))
                .body("couponId", equalTo((int) id))
                .body("status", equalTo("AVAILABLE"))
                .body("expiresAt", equalTo(until.toString()))
                .extract().path("userCouponId");
        given().header("Authorization", first.bearer()).when().post("/api/v1/coupons/{id}/issue", id)
                .then().statusCode(409).contentType(startsWith(PROBLEM)).body("code", equalTo("COUPON_ALREADY_ISSUED"));
        given().header("Authorization", second.bearer()).when().post("/api/v1/coupons/{id}/issue", id)
                .then().statusCode(409).body("code", equalTo("COUPON_SOLD_OUT"));

        // read-your-writes: the list shows the coupon at once, though lists come from the replica
        given().header("Authorization", first.bearer()).when().get("/api/v1/me/coupons")
                .then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].userCouponId", equalTo(userCouponId.intValue()))
                .body("items[0].couponId", equalTo((int) id))
                .body("items[0].name", equalTo("Flash FIXED 3000"))
                .body("items[0].discountType", equalTo("FIXED"))
                .body("items[0].discountValue", equalTo(3000))
                .body("items[0].status", equalTo("AVAILABLE"))
                .body("items[0].expiresAt", equalTo(until.toString()));
        given().header("Authorization", second.bearer()).when().get("/api/v1/me/coupons")
                .then().statusCode(200).body("items.size()", equalTo(0));
        assertEquals(1, sql("SELECT issued_quantity FROM coupon WHERE id = " + id));
    }

    @Test
    void aCouponPastItsExpiryShowsExpiredAndIsNoLongerIssued() {
        String admin = Users.adminBearer();
        long id = createCoupon(admin, 10);
        Users.SignedIn user = Users.newUser();
        given().header("Authorization", user.bearer()).when().post("/api/v1/coupons/{id}/issue", id).then().statusCode(201);
        // the row still says AVAILABLE; only its expiry passed
        com.flashcart.support.LocalInfra.primarySql("UPDATE " + System.getenv().getOrDefault("FLASHCART_TEST_DB", "flashcart_test")
                + ".user_coupon SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE coupon_id = " + id);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().header("Authorization", user.bearer()).when().get("/api/v1/me/coupons")
                        .then().statusCode(200)
                        .body("items[0].couponId", equalTo((int) id))
                        .body("items[0].status", equalTo("EXPIRED")));
        assertEquals("AVAILABLE", com.flashcart.support.LocalInfra.primarySql("SELECT status FROM "
                + System.getenv().getOrDefault("FLASHCART_TEST_DB", "flashcart_test") + ".user_coupon WHERE coupon_id = " + id).trim());

        long expired = createCoupon(admin, 10, Instant.now().plusSeconds(2));
        Users.SignedIn late = Users.newUser();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().header("Authorization", late.bearer()).when().post("/api/v1/coupons/{id}/issue", expired)
                        .then().statusCode(409).body("code", equalTo("COUPON_NOT_USABLE")));
    }

    @Test
    void aThousandUsersRaceForAHundredCoupons() throws Exception {
        long id = createCoupon(Users.adminBearer(), 100);
        List<Long> users = SqlUsers.insert(primary, 1000);
        List<String> bearers = bearers(users);
        Http http = new Http(base.toString());

        List<Http.Answer> answers = Concurrently.run(users.size(),
                i -> http.post("/api/v1/coupons/" + id + "/issue", bearers.get(i), null, null));

        Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(Http.Answer::status, Collectors.counting()));
        assertEquals(100L, byStatus.get(201), "answers: " + byStatus);
        assertEquals(900L, byStatus.get(409), "answers: " + byStatus);
        assertTrue(answers.stream().filter(a -> a.status() == 409)
                .allMatch(a -> "COUPON_SOLD_OUT".equals(a.json().path("code").asText())));
        assertEquals(100, sql("SELECT issued_quantity FROM coupon WHERE id = " + id));
        assertEquals(100, sql("SELECT COUNT(*) FROM user_coupon WHERE coupon_id = " + id));
        assertEquals(100, sql("SELECT COUNT(DISTINCT user_id) FROM user_coupon WHERE coupon_id = " + id));
        assertEquals(100, gate.holders(id));
        assertEquals(100, answers.stream().filter(a -> a.status() == 201)
                .map(a -> a.json().path("userCouponId").asLong()).distinct().count());
    }

    @Test
    void oneUserTwentyTimesAtOnceGetsOneCoupon() throws Exception {
        long id = createCoupon(Users.adminBearer(), 50);
        Users.SignedIn user = Users.newUser();
        Http http = new Http(base.toString());

        List<Http.Answer> answers = Concurrently.run(20,
                i -> http.post("/api/v1/coupons/" + id + "/issue", user.bearer(), null, null));

        assertEquals(1, answers.stream().filter(a -> a.status() == 201).count());
        for (Http.Answer a : answers) {
            if (a.status() == 409) {
                assertEquals("COUPON_ALREADY_ISSUED", a.json().path("code").asText());
            } else if (a.status() == 429) {
                assertEquals("RATE_LIMITED", a.json().path("code").asText());
                assertEquals(List.of("1"), a.headers().get("retry-after"));
            } else {
                assertEquals(201, a.status(), a.body());
            }
        }
        assertTrue(answers.stream().anyMatch(a -> a.status() == 429), "20 requests in a moment exceed 5 per second");
        assertEquals(1, sql("SELECT COUNT(*) FROM user_coupon WHERE coupon_id = " + id + " AND user_id = " + user.id()));
        assertEquals(1, sql("SELECT issued_quantity FROM coupon WHERE id = " + id));
    }

    @Test
    void redisLosingItsDataMidSaleNeverIssuesBeyondTheTotal() throws Exception {
        long id = createCoupon(Users.adminBearer(), 60);
        List<Long> users = SqlUsers.insert(primary, 300);
        AtomicBoolean flushed = new AtomicBoolean();

        List<String> outcomes = Concurrently.run(users.size(), i -> {
            if (i == 100 && flushed.compareAndSet(false, true)) {
                flushTestRedis(); // holders, totals, rate counters: all gone mid-sale
            }
            try {
                issuer.issue(id, users.get(i));
                return "ISSUED";
            } catch (ProblemException e) {
                return e.code().name();
            }
        });

        long issued = outcomes.stream().filter("ISSUED"::equals).count();
        assertTrue(flushed.get());
        assertEquals(60, issued, "outcomes: " + outcomes.stream().collect(Collectors.groupingBy(o -> o, Collectors.counting())));
        assertTrue(outcomes.stream().allMatch(o -> o.equals("ISSUED") || o.equals(ErrorCode.COUPON_SOLD_OUT.name())));
        assertEquals(60, sql("SELECT issued_quantity FROM coupon WHERE id = " + id));
        assertEquals(60, sql("SELECT COUNT(*) FROM user_coupon WHERE coupon_id = " + id));

        // the admin rebuild makes Redis agree with the database again
        redis.key().del(CouponGate.holdersKey(id), CouponGate.totalKey(id));
        given().header("Authorization", Users.adminBearer()).when().post("/api/v1/admin/coupons/{id}/rebuild", id)
                .then().statusCode(200).body("couponId", equalTo((int) id)).body("holders", equalTo(60));
        assertEquals(60, gate.holders(id));
    }

    @Test
    void aRedisGrantTheDatabaseRefusesIsGivenBack() {
        long id = createCoupon(Users.adminBearer(), 3);
        List<Long> users = SqlUsers.insert(primary, 2);
        // Redis believes there is room, the database has none: another instance's writes Redis lost
        com.flashcart.support.LocalInfra.primarySql("UPDATE " + System.getenv().getOrDefault("FLASHCART_TEST_DB", "flashcart_test")
                + ".coupon SET issued_quantity = total_quantity WHERE id = " + id);
        ProblemException refused = org.junit.jupiter.api.Assertions.assertThrows(ProblemException.class,
                () -> issuer.issue(id, users.get(0)));
        assertEquals(ErrorCode.COUPON_SOLD_OUT, refused.code());
        assertFalse(redis.set(String.class).sismember(CouponGate.holdersKey(id), users.get(0).toString()),
                "the Redis grant was given back");
        assertEquals(0, sql("SELECT COUNT(*) FROM user_coupon WHERE coupon_id = " + id));
    }

    @Test
    void aUserTheDatabaseKnowsButRedisForgotIsStillAlreadyIssued() {
        long id = createCoupon(Users.adminBearer(), 5);
        List<Long> users = SqlUsers.insert(primary, 1);
        issuer.issue(id, users.get(0));
        redis.set(String.class).srem(CouponGate.holdersKey(id), users.get(0).toString());
        ProblemException again = org.junit.jupiter.api.Assertions.assertThrows(ProblemException.class,
                () -> issuer.issue(id, users.get(0)));
        assertEquals(ErrorCode.COUPON_ALREADY_ISSUED, again.code());
        assertEquals(1, sql("SELECT issued_quantity FROM coupon WHERE id = " + id));
        assertTrue(redis.set(String.class).sismember(CouponGate.holdersKey(id), users.get(0).toString()),
                "the holder is back in Redis");
    }

    @Test
    void missingRedisStateIsLoadedFromTheDatabaseOnDemand() {
        long id = createCoupon(Users.adminBearer(), 2);
        List<Long> users = SqlUsers.insert(primary, 3);
        issuer.issue(id, users.get(0));
        redis.key().del(CouponGate.holdersKey(id), CouponGate.totalKey(id));
        issuer.issue(id, users.get(1));
        assertEquals(2, gate.holders(id));
        ProblemException soldOut = org.junit.jupiter.api.Assertions.assertThrows(ProblemException.class,
                () -> issuer.issue(id, users.get(2)));
        assertEquals(ErrorCode.COUPON_SOLD_OUT, soldOut.code());
    }

    /** FLUSHDB on the test's own Redis database (never another: the infrastructure is shared). */
    static void flushTestRedis() {
        LocalInfra.flushRedis(System.getenv().getOrDefault("FLASHCART_TEST_REDIS_DB", "1"));
    }
}
