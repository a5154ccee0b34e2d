package com.flashcart.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.flashcart.support.RedisTls;
import com.flashcart.support.Users;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The packaged artifact (the native executable in {@code ./flashcart native it}) reaches Redis over TLS, as it
 * reaches ElastiCache in AWS: TLS in the executable, the certificate checked for the host's name, sessions and the
 * stock gate's scripts over it. Redis's {@code CLIENT LIST} shows the artifact's connections on the TLS port.
 */
@QuarkusIntegrationTest
@TestProfile(RedisTlsIT.OverTls.class)
class RedisTlsIT {

    public static class OverTls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return RedisTls.clientsTo("localhost");
        }
    }

    @Test
    void sessionsAndCachesGoOverTls() {
        Users.SignedIn user = Users.newUser();
        given().header("Authorization", user.bearer()).get("/api/v1/me/points")
                .then().statusCode(200).body("userId", equalTo((int) user.id()));
        given().queryParam("size", 5).get("/api/v1/products").then().statusCode(200);
        given().get("/q/health/group/dependencies").then()
                .body("checks.find { it.name == 'redis' }.status", equalTo("UP"));
        assertTrue(RedisTls.connectionsTo(System.getenv().getOrDefault("FLASHCART_TEST_REDIS_DB", "1")) > 0,
                "no connection on Redis's TLS port " + RedisTls.PORT);
    }
}
