package com.flashcart.common.http;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * For endpoints that answer on the event loop when they can and block only when they must: {@link #call} runs
 * blocking work on a worker thread, in the request's own Vert.x context, and resumes on the event loop.
 * Answering from memory on the event loop saves two thread hand-offs per request (to a worker and back for the
 * response), which is most of the cost of a cheap request. {@link #resume} waits for work another thread completes
 * (a group commit's writer) without holding any thread, and goes on in the request's context.
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

    /**
     * The outcome of work that another thread completes (a group commit's writer), delivered in the calling request's
     * Vert.x context: what follows runs on its event loop, never on that other thread, and {@link #call} from there
     * goes to a worker as it should. (Without this, a stage's continuation runs on the thread that completed it:
     * {@link #call} finds no context there and would run blocking work on the writer itself.)
     */
    public static <T> Uni<T> resume(Supplier<? extends CompletionStage<T>> stage) {
        Context context = Vertx.currentContext();
        Uni<T> outcome = Uni.createFrom().completionStage(stage);
        return context == null ? outcome : outcome.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}
