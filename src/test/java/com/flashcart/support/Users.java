package com.flashcart.support;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;

/** Signs users up and in through the API, each with a fresh email. */
public final class Users {

    public static final String PASSWORD = "correct horse battery";
    public static final String ADMIN_EMAIL = "admin@flashcart.local";
    public static final String ADMIN_PASSWORD = "flashcart-admin";

    public record SignedIn(long id, String email, String token) {
        public String bearer() {
            return "Bearer " + token;
        }
    }

    private Users() {
    }

    /** The Redis key of a session token: the documented format, as another instance would write it. */
    public static String sessionKey(String token) {
        try {
            return "fc:session:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String freshEmail() {
        return "user-" + UUID.randomUUID() + "@test.flashcart.local";
    }

    public static long signUp(String email) {
        Number id = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD, "name", "Test User"))
                .when().post("/api/v1/users")
                .then().statusCode(201)
                .extract().path("id");
        return id.longValue();
    }

    public static String login(String email, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password))
                .when().post("/api/v1/sessions")
                .then().statusCode(201)
                .extract().path("token");
    }

    public static SignedIn newUser() {
        String email = freshEmail();
        long id = signUp(email);
        return new SignedIn(id, email, login(email, PASSWORD));
    }

    /**
     * {@code n} new users, signed up and in ten at a time: a test's race is its own requests, not the sign-ins (a
     * few hundred logins at once from this one address would meet the per-address login limit, which counts logins
     * in flight).
     */
    public static List<SignedIn> newUsers(int n) throws Exception {
        List<SignedIn> users = new ArrayList<>();
        while (users.size() < n) {
            users.addAll(Concurrently.run(Math.min(10, n - users.size()), i -> newUser()));
        }
        return users;
    }

    /** A bearer header for the admin created from configuration at start-up. */
    public static String adminBearer() {
        return "Bearer " + login(ADMIN_EMAIL, ADMIN_PASSWORD);
    }
}
