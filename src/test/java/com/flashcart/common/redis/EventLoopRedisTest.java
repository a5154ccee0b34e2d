package com.flashcart.common.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;

/**
 * A command sent from an event loop goes on a connection of that event loop's own client; from any other thread it
 * goes through the workers' client. Redis names each connection ({@code CLIENT ID}), which shows which one carried a
 * command: with one shared pool, a command from a second event loop reuses the idle connection the first one
 * returned, and the ids would be equal.
 */
@QuarkusTest
class EventLoopRedisTest {

    @Inject
    EventLoopRedis redis;

    @Inject
    Vertx vertx;

    @Test
    void eachEventLoopSendsOnConnectionsOfItsOwn() throws Exception {
        ContextInternal first = ((VertxInternal) vertx).createEventLoopContext();
        ContextInternal second = ((VertxInternal) vertx).createEventLoopContext();
        assumeTrue(first.nettyEventLoop() != second.nettyEventLoop(), "needs two event loops");

        long one = connectionOf(first);
        assertEquals(one, connectionOf(first), "a loop's next command reuses its idle connection");
        assertNotEquals(one, connectionOf(second), "another loop sends on a connection of its own");
    }

    @Test
    void offTheEventLoopsTheWorkersClientAnswers() {
        assertEquals("PONG", redis.execute("PING").await().atMost(Duration.ofSeconds(10)).toString());
    }

    /** The id of the connection that carried a command sent on {@code context}'s event loop. */
    private long connectionOf(Context context) throws Exception {
        return Long.parseLong(FromEventLoop.send(context, redis, "CLIENT", "ID"));
    }
}
