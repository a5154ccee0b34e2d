package com.flashcart.common.redis;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.flashcart.support.OwnRedis;
import com.flashcart.support.RedisTls;
import com.flashcart.support.Users;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Redis as the service meets ElastiCache in AWS: TLS in transit and an AUTH token ({@code FLASHCART_REDIS_PASSWORD},
 * which sets the default client's and the product caches' password). A Redis of the test's own speaks TLS only, with
 * the local Redis's certificate, and refuses every command before AUTH ({@code requirepass}), so a client that did not
 * authenticate fails here: the default client, the product caches', and the clients {@link EventLoopRedis} makes from
 * the default client's options (each event loop's, the workers').
 */
@QuarkusTest
@TestProfile(RedisAuthTest.WithAuthToken.class)
class RedisAuthTest extends EveryRedisClient {

    /** A constant: the resource and the test may be loaded by different class loaders. */
    static final String TOKEN = "flashcart-test-auth-token-0123456789";

    public static class WithAuthToken implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Server.class));
        }
    }

    public static class Server implements QuarkusTestResourceLifecycleManager {
        static OwnRedis redis;

        @Override
        public Map<String, String> start() {
            redis = OwnRedis.overTls("--requirepass", TOKEN);
            Map<String, String> config = new HashMap<>(RedisTls.clientsTo("localhost", String.valueOf(redis.port)));
            config.put("quarkus.redis.password", TOKEN);
            config.put("quarkus.redis.product-cache.password", TOKEN);
            return config;
        }

        @Override
        public void stop() {
            redis.close();
        }
    }

    @Test
    void theServerRefusesAClientWithoutTheToken() {
        assertTrue(Server.redis.cli("PING").startsWith("NOAUTH"), "requirepass is in force");
    }

    @Test
    void everyClientAuthenticatesOverTls() throws Exception {
        assertAuthenticated(shared.execute("CLIENT", "INFO").toString(), "the default client");
        assertAuthenticated(caches.execute("CLIENT", "INFO").toString(), "the product caches' client");
        assertAuthenticated(FromEventLoop.send(FromEventLoop.newLoop(vertx), redis, "CLIENT", "INFO"),
                "an event loop's own client");
        assertAuthenticated(redis.execute("CLIENT", "INFO").await().atMost(Duration.ofSeconds(10)).toString(),
                "the workers' client");
    }

    @Test
    void sessionsAndHealthWorkWithTheToken() {
        Users.SignedIn user = Users.newUser(); // the session is written and read back by the scripts, on the loops
        given().header("Authorization", user.bearer()).when().get("/api/v1/me/points")
                .then().statusCode(200).body("userId", equalTo((int) user.id()));
        given().get("/q/health/group/dependencies").then()
                .body("checks.find { it.name == 'redis' }.status", equalTo("UP"));
    }

    /** A command answered at all was sent after AUTH; CLIENT INFO also names the port, which only speaks TLS. */
    private static void assertAuthenticated(String clientInfo, String who) {
        assertTrue(clientInfo.matches("(?s).* laddr=\\S+:" + Server.redis.port + " .*") && clientInfo.contains(" user=default "),
                who + " is not on the test's Redis as its authenticated default user: " + clientInfo);
    }
}
