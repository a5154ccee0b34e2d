package com.flashcart.common.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/** Commands sent through {@link EventLoopRedis} from an event loop of the test's choosing, as a request's would be. */
final class FromEventLoop {

    private FromEventLoop() {
    }

    /** A context on one of Vert.x's event loops (the next one, round robin). */
    static Context newLoop(Vertx vertx) {
        return ((VertxInternal) vertx).createEventLoopContext();
    }

    /** Redis's answer to {@code command} sent from {@code loop}, as text; a refusal or failure as the cause. */
    static String send(Context loop, EventLoopRedis redis, String command, String... args)
            throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<String> answer = new CompletableFuture<>();
        loop.runOnContext(ignored -> redis.execute(command, args).subscribe()
                .with(response -> answer.complete(response.toString()), answer::completeExceptionally));
        return answer.get(10, TimeUnit.SECONDS);
    }
}
