package com.flashcart.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * A group commit's writer completes the stages that requests wait on. What a request does next (answer, or go alone
 * on a worker) must happen in the request's own context, never on the writer, which would otherwise run the
 * requests' fallback transactions one after another while every other batch waits.
 */
@Tag("unit")
class OffEventLoopTest {

    /** Where the continuation ran, and where the blocking work it handed on ran. */
    private record Seen(String resumedOn, boolean resumedOnEventLoop, String blockingOn, boolean blockingOnWorker) {
    }

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAnswerFromAnotherThreadGoesOnOnTheRequestsEventLoop() throws Exception {
        Seen seen = waitFromARequest(stage -> stage.complete("receipt"),
                outcome -> outcome.chain(receipt -> handOn()));
        assertOnTheRequestsThreads(seen);
    }

    @Test
    void aFailureFromAnotherThreadGoesOnOnTheRequestsEventLoopToo() throws Exception {
        Seen seen = waitFromARequest(stage -> stage.completeExceptionally(new IllegalStateException("batch failed")),
                outcome -> outcome.map(receipt -> (Seen) null)
                        .onFailure(IllegalStateException.class).recoverWithUni(OffEventLoopTest::handOn));
        assertOnTheRequestsThreads(seen);
    }

    @Test
    void withoutAContextTheStageIsPassedOn() {
        assertEquals("receipt", OffEventLoop.resume(() -> CompletableFuture.completedFuture("receipt"))
                .await().atMost(Duration.ofSeconds(5)));
    }

    /**
     * A request on the event loop waits with {@link OffEventLoop#resume} for a stage that a writer thread completes
     * afterwards; {@code then} is what the request does with the outcome.
     */
    private Seen waitFromARequest(Consumer<CompletableFuture<String>> writer,
            Function<Uni<String>, Uni<Seen>> then) throws Exception {
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        CountDownLatch waiting = new CountDownLatch(1);
        vertx.runOnContext(ignored -> {
            then.apply(OffEventLoop.resume(() -> stage)).subscribe().with(seen::complete, seen::completeExceptionally);
            waiting.countDown();
        });
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        Thread writing = new Thread(() -> writer.accept(stage), "group-commit-writer");
        writing.start();
        writing.join(10_000);
        return seen.get(10, TimeUnit.SECONDS);
    }

    /** What a payment that goes alone does: blocking work handed to a worker from where the outcome arrived. */
    private static Uni<Seen> handOn() {
        String resumedOn = Thread.currentThread().getName();
        boolean onEventLoop = Context.isOnEventLoopThread();
        return OffEventLoop.call(() -> new Seen(resumedOn, onEventLoop, Thread.currentThread().getName(),
                Context.isOnWorkerThread()));
    }

    private static void assertOnTheRequestsThreads(Seen seen) {
        assertTrue(seen.resumedOnEventLoop(), "resumed on " + seen.resumedOn());
        assertFalse(seen.blockingOn().equals("group-commit-writer"), "blocking work ran on the writer");
        assertTrue(seen.blockingOnWorker(), "blocking work ran on " + seen.blockingOn());
    }
}
