package com.flashcart.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.flashcart.common.DaemonThreads;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Drives this instance's relay on one background thread: a sweep of every unpublished row on a schedule (rows
 * stranded by a crash, rows of other instances, rows that failed), plus a wake-up shortly after each commit that
 * added rows: {@code flashcart.outbox.linger} later, so that the commits of that moment share one batch (its
 * claim, order check, mark and commit) instead of a batch each. While Kafka refuses, it backs off exponentially up
 * to {@code flashcart.outbox.backoff-max}.
 */
@ApplicationScoped
public class RelayWorker {

    private static final Logger LOG = Logger.getLogger(RelayWorker.class);

    /** What the worker knows of Kafka, for the health check. */
    public record State(int failuresInARow, String lastError, Instant lastSuccess, Instant retryAt, boolean paused) {
    }

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxConfig config;

    @Inject
    Clock clock;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("outbox-relay"));
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile boolean paused;
    /** Tests turn the scheduled sweep off to see that a commit alone gets its rows published. */
    private volatile boolean sweepsOff;
    private volatile int failuresInARow;
    private volatile String lastError;
    private volatile Instant lastSuccess;
    private volatile Instant retryAt = Instant.EPOCH;

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxEventAdded added) {
        wake(config.linger());
    }

    @Scheduled(every = "${flashcart.outbox.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (!sweepsOff) {
            wake();
        }
    }

    void sweepsOff(boolean off) {
        sweepsOff = off;
    }

    /** Asks for a drain now; wake-ups that arrive while one is queued fold into it. */
    public void wake() {
        wake(Duration.ZERO);
    }

    private void wake(Duration after) {
        if (!config.relayEnabled() || paused || stopping) {
            return;
        }
        if (queued.compareAndSet(false, true)) {
            thread.schedule(this::drain, after.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Stops relaying until {@link #resume()}; a batch in flight completes. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        wake();
    }

    public State state() {
        return new State(failuresInARow, lastError, lastSuccess, retryAt, paused);
    }

    private void drain() {
        queued.set(false);
        if (paused || stopping || Instant.now(clock).isBefore(retryAt)) {
            return;
        }
        while (!paused && !stopping) {
            OutboxRelay.BatchResult result;
            try {
                result = relay.publishBatch();
            } catch (Exception e) {
                failed(e);
                return;
            }
            if (result.kafkaRefusedAll()) {
                failed(result.firstError());
                return;
            }
            succeeded();
            // a full batch that made progress means more may be waiting; anything less and the sweep will do
            if (result.claimed() < config.batchSize() || result.published() == 0) {
                return;
            }
        }
    }

    private void succeeded() {
        failuresInARow = 0;
        lastError = null;
        lastSuccess = Instant.now(clock);
    }

    private void failed(Throwable e) {
        int failures = ++failuresInARow;
        Duration pause = backoff(failures);
        retryAt = Instant.now(clock).plus(pause);
        lastError = String.valueOf(e);
        LOG.warnf("Outbox relay failed %d time(s) in a row, next attempt in %d ms: %s", failures, pause.toMillis(), lastError);
    }

    Duration backoff(int failures) {
        long initial = config.backoffInitial().toMillis();
        long max = config.backoffMax().toMillis();
        long millis = initial << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, max));
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        thread.shutdown();
        // a batch in flight finishes (or rolls back); unmarked rows are sent again by the next instance
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
