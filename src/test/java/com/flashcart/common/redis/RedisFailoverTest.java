package com.flashcart.common.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.flashcart.ranking.RankingRebuild;
import com.flashcart.support.LocalInfra;
import com.flashcart.support.OwnRedis;
import com.flashcart.support.PortForward;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * An ElastiCache failover as a pooled client sees it: the primary endpoint now names another node, while the open
 * connections still reach the old primary, which has become a replica and answers every write {@code READONLY}.
 * Here the endpoint is a forwarded port, first to a Redis of the test's own (the old primary), then to the local
 * Redis (the new one); the old primary is turned into the new one's replica. An event loop's client, or the workers'
 * client, that was told READONLY must reach the new primary with its next command; with connections that live as
 * long as they are used, it would be told READONLY for ever. The ranking's rebuild, which takes a lease in Redis,
 * must work again after the failover too.
 */
@QuarkusTest
@TestProfile(RedisFailoverTest.ThroughAnEndpoint.class)
class RedisFailoverTest {

    static final String REDIS_PORT = LocalInfra.REDIS_PORT;
    static final String DB = System.getenv().getOrDefault("FLASHCART_TEST_REDIS_DB", "1");

    public static class ThroughAnEndpoint implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Endpoint.class));
        }
    }

    /** The old primary, a Redis of the test's own, behind the forwarded port that stands for the endpoint. */
    public static class Endpoint implements QuarkusTestResourceLifecycleManager {
        static int oldPrimaryPort;
        static OwnRedis oldPrimary;
        static PortForward endpoint;

        @Override
        public Map<String, String> start() {
            oldPrimary = OwnRedis.plain();
            oldPrimaryPort = oldPrimary.port;
            try {
                int port = PortForward.freePort();
                endpoint = new PortForward(port, oldPrimaryPort);
                return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port + "/" + DB);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void stop() {
            try {
                endpoint.close();
            } catch (IOException ignored) {
                // closed already
            }
            oldPrimary.close();
        }
    }

    @Inject
    EventLoopRedis redis;

    @Inject
    Vertx vertx;

    @Inject
    RankingRebuild ranking;

    @Test
    void aReadonlyAnswerSendsTheLoopsNextCommandToTheNewPrimary() throws Exception {
        Context loop = FromEventLoop.newLoop(vertx);
        assertEquals("OK", on(loop, "SET", "fc:test:failover", "before"));
        assertTrue(on(loop, "CLIENT", "INFO").contains(" laddr=127.0.0.1:" + Endpoint.oldPrimaryPort + " "));
        assertEquals("OK", offTheLoops("SET", "fc:test:failover:workers", "before")); // as the write fence's
        assertFalse(ranking.rebuild().elsewhere()); // its lease and keys written on the old primary

        // the failover: the old primary follows the new one, and the endpoint names the new one
        assertEquals("OK", cli(Endpoint.oldPrimaryPort, "REPLICAOF", "127.0.0.1", REDIS_PORT));
        Endpoint.endpoint.retarget(Integer.parseInt(REDIS_PORT));

        // a write as the scripts send them (the session touch, the gates): still on the old primary's connection
        ExecutionException refused = assertThrows(ExecutionException.class, () -> on(loop, "EVAL",
                "return redis.call('SET', KEYS[1], ARGV[1])", "1", "fc:test:failover", "after"));
        assertTrue(refused.getCause().getMessage().startsWith("READONLY"), refused.getCause().toString());

        assertEquals("OK", on(loop, "EVAL", "return redis.call('SET', KEYS[1], ARGV[1])", "1", "fc:test:failover", "after"));
        assertTrue(on(loop, "CLIENT", "INFO").contains(" laddr=127.0.0.1:" + REDIS_PORT + " "), "on the new primary");

        // the workers' client (the write fence) likewise
        RuntimeException alsoRefused = assertThrows(RuntimeException.class,
                () -> offTheLoops("SET", "fc:test:failover:workers", "after"));
        assertTrue(alsoRefused.getMessage().startsWith("READONLY"), alsoRefused.toString());
        assertEquals("OK", offTheLoops("SET", "fc:test:failover:workers", "after"));
        assertTrue(offTheLoops("CLIENT", "INFO").contains(" laddr=127.0.0.1:" + REDIS_PORT + " "), "on the new primary");

        // the ranking's rebuild takes its lease and writes its keys on the new primary (the workers' client)
        LocalInfra.redis(REDIS_PORT, DB, "DEL", "fc:ranking:built");
        assertFalse(ranking.rebuild().elsewhere());
        assertEquals("1", LocalInfra.redis(REDIS_PORT, DB, "EXISTS", "fc:ranking:built"));
    }

    /** A command sent from this test's own thread: through the client of the callers off the event loops. */
    private String offTheLoops(String command, String... args) {
        return redis.execute(command, args).await().atMost(Duration.ofSeconds(10)).toString();
    }

    private String on(Context loop, String command, String... args) throws Exception {
        return FromEventLoop.send(loop, redis, command, args);
    }

    static String cli(int port, String... command) {
        return LocalInfra.redis(String.valueOf(port), "0", command);
    }
}
