package com.flashcart.common.redis;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import com.flashcart.support.RedisTls;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A certificate from a trusted CA that does not name the host asked for is refused by every Redis client
 * ({@code quarkus.redis.tls.hostname-verification-algorithm=HTTPS}; Quarkus' default checks the chain only): here the
 * same Redis, the same trusted CA, the address 127.0.0.1 instead of the certificate's "localhost"
 * ({@link RedisTlsTest} passes with the name).
 */
@QuarkusTest
@TestProfile(RedisTlsHostnameTest.ByAddress.class)
class RedisTlsHostnameTest extends EveryRedisClient {

    public static class ByAddress implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return RedisTls.clientsTo("127.0.0.1");
        }
    }

    @Test
    void aCertificateWithoutTheHostsNameIsRefused() throws Exception {
        assertRefusedForItsName(assertThrows(RuntimeException.class, () -> shared.execute("PING")), "the default client");
        assertRefusedForItsName(assertThrows(RuntimeException.class, () -> caches.execute("PING")),
                "the product caches' client");

        assertRefusedForItsName(assertThrows(ExecutionException.class,
                () -> FromEventLoop.send(FromEventLoop.newLoop(vertx), redis, "PING")), "an event loop's own client");

        given().get("/q/health/group/dependencies").then()
                .body("checks.find { it.name == 'redis' }.status", equalTo("DOWN"));
    }

    /** The cause chain holds the TLS layer's refusal of the certificate for not naming 127.0.0.1. */
    private static void assertRefusedForItsName(Throwable failure, String who) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            chain.append(t).append(" <- ");
        }
        assertTrue(chain.toString().contains("127.0.0.1") && chain.toString().contains("SSLHandshakeException"),
                who + " was not refused for the certificate's name: " + chain);
    }
}
