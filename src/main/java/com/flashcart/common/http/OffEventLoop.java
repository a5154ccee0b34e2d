package com.flashcart.common.http;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * For endpoints that answer on the event loop when they can and block only when they must: {@link #call} runs
 * blocking work on a worker thread, in the request's own Vert.x context, and resumes on the event loop.
 * Answering from memory on the event loop saves two thread hand-offs per request (to a worker and back for the
 * response), which is most of the cost of a cheap request.
 */
public final class OffEventLoop {

    private OffEventLoop() {
    }

    public static <T> Uni<T> call(Supplier<T> blocking) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(blocking);
        }
        return Uni.createFrom().completionStage(() -> context.<T> executeBlocking(blocking::get, false).toCompletionStage());
    }
}
