package com.flashcart.session;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.flashcart.support.Concurrently;
import com.flashcart.support.FreshRedis;
import com.flashcart.support.Users;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Sign-up, login, logout and the Redis sessions every instance shares (shared/API.md, "Sessions"). */
@QuarkusTest
@QuarkusTestResource(FreshRedis.class)
class SessionTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    RedisDataSource redis;

    @Test
    void signUpAnswersTheAccountWithANormalisedEmail() {
        String email = Users.freshEmail();
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "  " + email.toUpperCase() + " ", "password", Users.PASSWORD, "name", "Kim"))
                .when().post("/api/v1/users")
                .then().statusCode(201)
                .body("id", greaterThan(0))
                .body("email", equalTo(email))
                .body("name", equalTo("Kim"))
                .body("password", equalTo(null))
                .body("passwordHash", equalTo(null));
    }

    @Test
    void aTakenEmailIs409EvenInAnotherCase() {
        String email = Users.freshEmail();
        Users.signUp(email);
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email.toUpperCase(), "password", Users.PASSWORD, "name", "Again"))
                .when().post("/api/v1/users")
                .then().statusCode(409)
                .contentType(startsWith(PROBLEM))
                .body("code", equalTo("EMAIL_TAKEN"));
    }

    @Test
    void racingSignUpsWithOneEmailCreateOneAccount() throws Exception {
        String email = Users.freshEmail();
        List<Integer> statuses = Concurrently.run(12, i -> given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Users.PASSWORD, "name", "Racer " + i))
                .post("/api/v1/users").statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(11, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
    }

    @Test
    void badSignUpsAre400WithTheFieldNamed() {
        for (Map<String, Object> body : List.<Map<String, Object>> of(
                Map.of("email", "not-an-email", "password", Users.PASSWORD, "name", "X"),
                Map.of("email", Users.freshEmail(), "password", "short", "name", "X"),
                Map.of("email", Users.freshEmail(), "password", "x".repeat(73), "name", "X"),
                Map.of("email", Users.freshEmail(), "password", Users.PASSWORD, "name", " "),
                Map.of("email", Users.freshEmail(), "password", Users.PASSWORD))) {
            given().contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/users")
                    .then().statusCode(400)
                    .contentType(startsWith(PROBLEM))
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors[0].field", notNullValue());
        }
        // 72 characters of Hangul are 216 bytes, beyond what bcrypt reads
        given().contentType(ContentType.JSON)
                .body(Map.of("email", Users.freshEmail(), "password", "가".repeat(30), "name", "X"))
                .when().post("/api/v1/users")
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void loginIssuesAnOpaqueTokenOfAtLeast128Bits() {
        String email = Users.freshEmail();
        Users.signUp(email);
        Response login = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Users.PASSWORD))
                .when().post("/api/v1/sessions");
        login.then().statusCode(201)
                .body("token", matchesPattern("[A-Za-z0-9_-]{43}"))
                .body("expiresAt", notNullValue());
        String token = login.path("token");
        assertTrue(Base64.getUrlDecoder().decode(token).length * 8 >= 128);
        Instant expiresAt = Instant.parse(login.path("expiresAt"));
        assertTrue(expiresAt.isAfter(Instant.now().plusSeconds(25 * 60)), "about 30 minutes ahead: " + expiresAt);
        assertTrue(expiresAt.isBefore(Instant.now().plusSeconds(31 * 60)), "about 30 minutes ahead: " + expiresAt);
        // Redis holds only the token's hash
        assertFalse(redis.key().exists("fc:session:" + token));
        assertTrue(redis.key().exists(Users.sessionKey(token)));
    }

    @Test
    void wrongPasswordAndUnknownEmailAre401Problems() {
        String email = Users.freshEmail();
        Users.signUp(email);
        for (Map<String, Object> body : List.<Map<String, Object>> of(
                Map.of("email", email, "password", "wrong password"),
                Map.of("email", Users.freshEmail(), "password", Users.PASSWORD))) {
            given().header("X-Forwarded-For", "10.66.0.1").contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/sessions")
                    .then().statusCode(401)
                    .contentType(startsWith(PROBLEM))
                    .body("code", equalTo("UNAUTHORIZED"))
                    .body("token", equalTo(null));
        }
    }

    @Test
    void missingGarbageAndMalformedTokensAre401() {
        given().when().get("/api/v1/me/points")
                .then().statusCode(401)
                .contentType(startsWith(PROBLEM))
                .body("code", equalTo("UNAUTHORIZED"))
                .header("WWW-Authenticate", equalTo("Bearer"));
        for (String header : List.of("Bearer nonsense", "Bearer ", "Basic dXNlcjpwYXNz", "token-without-scheme")) {
            given().header("Authorization", header)
                    .when().get("/api/v1/me/points")
                    .then().statusCode(401)
                    .contentType(startsWith(PROBLEM))
                    .body("code", equalTo("UNAUTHORIZED"));
        }
    }

    @Test
    void logoutRevokesTheTokenAtOnce() {
        Users.SignedIn user = Users.newUser();
        given().header("Authorization", user.bearer()).when().get("/api/v1/me/points").then().statusCode(200);
        given().header("Authorization", user.bearer()).when().delete("/api/v1/sessions/current").then().statusCode(204);
        assertFalse(redis.key().exists(Users.sessionKey(user.token())));
        given().header("Authorization", user.bearer()).when().get("/api/v1/me/points")
                .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        given().header("Authorization", user.bearer()).when().delete("/api/v1/sessions/current").then().statusCode(401);
    }

    @Test
    void aSessionWrittenByAnotherInstanceIsAccepted() {
        Users.SignedIn user = Users.newUser();
        // what another instance does on login: the documented format, written straight into the shared Redis
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(("other-instance-" + user.id() + "-xxxxxxxxxx").getBytes());
        String key = Users.sessionKey(token);
        redis.hash(String.class).hset(key, Map.of("uid", Long.toString(user.id()), "role", "USER",
                "exp", Long.toString(Instant.now().plusSeconds(3600).getEpochSecond())));
        redis.key().expire(key, 1800);
        given().header("Authorization", "Bearer " + token).when().get("/api/v1/me/points")
                .then().statusCode(200)
                .body("userId", equalTo((int) user.id()));
        // and a session this instance issued is readable by any other in the same format
        Map<String, String> stored = redis.hash(String.class).hgetall(Users.sessionKey(user.token()));
        assertEquals(Long.toString(user.id()), stored.get("uid"));
        assertEquals("USER", stored.get("role"));
    }

    @Test
    void idleAndAbsoluteExpiryEndTheSession() {
        Users.SignedIn idle = Users.newUser();
        redis.key().pexpire(Users.sessionKey(idle.token()), 1); // the idle timeout ran out
        org.awaitility.Awaitility.await().until(() -> !redis.key().exists(Users.sessionKey(idle.token())));
        given().header("Authorization", idle.bearer()).when().get("/api/v1/me/points").then().statusCode(401);

        Users.SignedIn old = Users.newUser();
        redis.hash(String.class).hset(Users.sessionKey(old.token()), "exp", Long.toString(Instant.now().minusSeconds(1).getEpochSecond()));
        given().header("Authorization", old.bearer()).when().get("/api/v1/me/points").then().statusCode(401);
        assertFalse(redis.key().exists(Users.sessionKey(old.token())), "an absolutely expired session is deleted");
    }

    @Test
    void everyUseSlidesTheIdleTimeout() {
        Users.SignedIn user = Users.newUser();
        redis.key().expire(Users.sessionKey(user.token()), 60);
        given().header("Authorization", user.bearer()).when().get("/api/v1/me/points").then().statusCode(200);
        long ttl = redis.key().ttl(Users.sessionKey(user.token()));
        assertTrue(ttl > 1700 && ttl <= 1800, "idle timeout restarted, ttl " + ttl);
    }

    @Test
    void repeatedFailuresForOneEmailAreRateLimitedEvenWithTheRightPassword() {
        String email = Users.freshEmail();
        Users.signUp(email);
        for (int i = 0; i < 10; i++) {
            given().header("X-Forwarded-For", "10.55.0." + i).contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", "wrong " + i))
                    .post("/api/v1/sessions").then().statusCode(401);
        }
        given().header("X-Forwarded-For", "10.55.1.1").contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", Users.PASSWORD))
                .when().post("/api/v1/sessions")
                .then().statusCode(429)
                .contentType(startsWith(PROBLEM))
                .body("code", equalTo("RATE_LIMITED"))
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
    }

    @Test
    void failuresFromOneAddressAreLimitedButSuccessesNeverAre() {
        String address = "10.77.0." + (1 + (int) (Math.random() * 250));
        String good = Users.freshEmail();
        Users.signUp(good);
        for (int i = 0; i < 40; i++) {
            given().header("X-Forwarded-For", "10.88.0.1").contentType(ContentType.JSON)
                    .body(Map.of("email", good, "password", Users.PASSWORD))
                    .post("/api/v1/sessions").then().statusCode(201);
        }
        for (int i = 0; i < 30; i++) {
            given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                    .body(Map.of("email", Users.freshEmail(), "password", "guess"))
                    .post("/api/v1/sessions").then().statusCode(401);
        }
        given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Map.of("email", good, "password", Users.PASSWORD))
                .when().post("/api/v1/sessions")
                .then().statusCode(429)
                .body("code", equalTo("RATE_LIMITED"));
        // another address is not affected
        given().header("X-Forwarded-For", "10.99.0.1").contentType(ContentType.JSON)
                .body(Map.of("email", good, "password", Users.PASSWORD))
                .post("/api/v1/sessions").then().statusCode(201);
    }

    /**
     * One canonical form decides storage, lookup and throttling (see {@link Emails}): a variant that canonicalises
     * to the same address shares the locked account's counter, and one that does not (an accent) finds no account.
     * Before, "alicé" found alice through the accent-insensitive collation while counting apart from her lockout.
     */
    @Test
    void aLookAlikeEmailIsEitherTheSameAccountAndLockedOrNoAccount() {
        String email = "alice." + Users.freshEmail();
        Users.signUp(email);
        for (int i = 0; i < 10; i++) {
            login(email, "wrong " + i, "10.56.0." + i).then().statusCode(401);
        }
        login(email, Users.PASSWORD, "10.56.1.1").then().statusCode(429);
        for (String sameAccount : List.of(email.toUpperCase(), " " + email + "\u00a0",
                email.replace("a", "\uff41"))) {
            login(sameAccount, Users.PASSWORD, "10.56.1.2").then().statusCode(429).body("code", equalTo("RATE_LIMITED"));
        }
        for (String otherAddress : List.of(email.replaceFirst("alice", "alic\u00e9"),
                email.replaceFirst("alice", "alice\u0301"), email.replaceFirst("alice", "al\u0131ce"))) {
            login(otherAddress, Users.PASSWORD, "10.56.1.3").then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        }
    }

    /** The limit holds for guesses sent at once: each reserves its attempt before its password is checked. */
    @Test
    void parallelGuessesAreCheckedAtMostTheLimit() throws Exception {
        String email = Users.freshEmail();
        Users.signUp(email);
        List<Integer> statuses = Concurrently.run(40, i -> login(email, "guess " + i, "10.57.0." + i).statusCode());
        assertEquals(10, statuses.stream().filter(s -> s == 401).count(), statuses.toString());
        assertEquals(30, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
    }

    /** The address counted is the one the trusted proxy (here: the test client) saw, not one the client wrote. */
    @Test
    void theClientAddressIsTheEntryTheTrustedProxyAdded() {
        login(Users.freshEmail(), "guess", "6.6.6.6, 10.58.0.1").then().statusCode(401);
        assertTrue(redis.key().exists("fc:login-failures:addr:10.58.0.1"));
        assertFalse(redis.key().exists("fc:login-failures:addr:6.6.6.6"));
    }

    private static Response login(String email, String password, String forwardedFor) {
        return given().header("X-Forwarded-For", forwardedFor).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .when().post("/api/v1/sessions");
    }

    @Test
    void theAdminFromConfigurationCanSignIn() {
        String bearer = Users.adminBearer();
        given().header("Authorization", bearer).when().get("/api/v1/me/points").then().statusCode(200);
    }
}
