package com.flashcart.common.db;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.flashcart.common.DaemonThreads;

import io.smallrye.mutiny.Uni;

/**
 * Starts reactive work (a Redis call) that a transaction asks for while it commits or has just committed, from a
 * thread outside any transaction. Subscribed on the transaction's own thread, the client's callbacks would carry
 * the transaction onto the event loop (context propagation): a callback running there during the commit makes the
 * commit fail ("multiple threads active", "Enlisted connection used without active transaction"), and one running
 * after it tries to resume a finished transaction. This thread only subscribes; the answer comes back on the event
 * loop, with no transaction.
 */
@ApplicationScoped
public class OutsideTransaction {

    private final ExecutorService subscriber = Executors.newSingleThreadExecutor(
            DaemonThreads.named("outside-transaction"));

    /** Subscribes to {@code work} from the outside thread; the future completes with its item or failure. */
    public <T> CompletableFuture<T> start(Supplier<Uni<T>> work) {
        return CompletableFuture.supplyAsync(() -> work.get().subscribeAsCompletionStage(), subscriber)
                .thenCompose(started -> started);
    }

    @PreDestroy
    void stop() {
        subscriber.shutdown();
    }
}
