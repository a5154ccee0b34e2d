package com.flashcart.common.redis;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.flashcart.support.RedisTls;
import com.flashcart.support.Users;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Every Redis client of the service speaks TLS to a {@code rediss://} URL, as it does to ElastiCache: the default
 * client, each event loop's own ({@link EventLoopRedis}, which copies the default client's options) and the product
 * caches'. The local Redis has a TLS port with a certificate for the name "localhost" signed by a CA of the state
 * folder's own (scripts/redis.sh); the clients trust that CA here, where in AWS they trust the JDK's. Redis's
 * {@code CLIENT INFO} tells which of its ports carried a command.
 */
@QuarkusTest
@TestProfile(RedisTlsTest.OverTls.class)
class RedisTlsTest extends EveryRedisClient {

    public static class OverTls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return RedisTls.clientsTo("localhost");
        }
    }

    @Test
    void everyClientSendsOverTheTlsPort() throws Exception {
        assertOverTls(shared.execute("CLIENT", "INFO").toString(), "the default client");
        assertOverTls(caches.execute("CLIENT", "INFO").toString(), "the product caches' client");

        assertOverTls(FromEventLoop.send(FromEventLoop.newLoop(vertx), redis, "CLIENT", "INFO"),
                "an event loop's own client");
    }

    @Test
    void sessionsWorkOverTls() {
        Users.SignedIn user = Users.newUser(); // the session is written and then read back by the scripts
        given().header("Authorization", user.bearer()).when().get("/api/v1/me/points")
                .then().statusCode(200).body("userId", equalTo((int) user.id()));
        given().get("/q/health/group/dependencies").then()
                .body("checks.find { it.name == 'redis' }.status", equalTo("UP"));
    }

    private static void assertOverTls(String clientInfo, String who) {
        assertTrue(clientInfo.matches("(?s).* laddr=\\S+:" + RedisTls.PORT + " .*"),
                who + " is not on Redis's TLS port " + RedisTls.PORT + ": " + clientInfo);
    }
}
