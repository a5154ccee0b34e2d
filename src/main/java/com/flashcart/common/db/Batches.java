package com.flashcart.common.db;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Writes that commit together when they can and go alone when they must: what orders, payments and charges share.
 * Requests queue for the next batch of a {@link GroupCommit}; the batch is written in one transaction, which answers
 * each request it took part for, and leaves null for any other: a request the batch left out (its write was
 * refused, it repeats another of the batch) or a batch rolled back whole (a key answered meanwhile, a conflict that
 * outlived the retries, any failure). The caller then does the request alone, exactly as without batches, so every
 * answer is the one the request would have had by itself.
 * <p>
 * Three counters, {@code <metrics>.grouped} (requests committed in a batch of two or more), {@code
 * <metrics>.batch.fallbacks} (requests that went alone after their batch) and {@code <metrics>.batch.failed} (of
 * those, the ones whose batch failed unexpectedly, which is logged).
 *
 * @param <R> a request
 * @param <A> its answer
 */
public final class Batches<R, A> {

    private static final Logger LOG = Logger.getLogger(Batches.class);

    /** A request waiting for its batch, and what its caller waits for: its answer, or null to go alone. */
    private record Waiting<R, A>(R request, CompletableFuture<A> answer) {
    }

    private final String what;
    private final Function<List<R>, List<A>> write;
    private final GroupCommit<Waiting<R, A>, Boolean> commits;
    private final Counter grouped;
    private final Counter alone;
    private final Counter failed;
    private volatile boolean started;

    /**
     * @param writer  the writer thread's name
     * @param what    the requests, in the plural ("payments"), for the log and the metrics' descriptions
     * @param metrics the metrics' prefix ("flashcart.payments")
     * @param write   writes a batch, in the transaction it is called in: the answers in the order of the requests,
     *                null for a request that is to go alone; {@link Transactions#rollBackWith} all nulls to undo the
     *                batch
     */
    public Batches(String writer, int maxBatch, String what, String metrics, MeterRegistry registry,
            Function<List<R>, List<A>> write) {
        this.what = what;
        this.write = write;
        this.commits = new GroupCommit<>(writer, maxBatch, waiting -> Boolean.TRUE, this::writeBatch, this::failed);
        String noun = Character.toUpperCase(what.charAt(0)) + what.substring(1);
        this.grouped = Counter.builder(metrics + ".grouped")
                .description(noun + " committed in a batch of two or more").register(registry);
        this.alone = Counter.builder(metrics + ".batch.fallbacks")
                .description(noun + " that went alone after their batch: refused, repeated, or rolled back with it")
                .register(registry);
        this.failed = Counter.builder(metrics + ".batch.failed")
                .description(noun + " whose batch failed unexpectedly (logged), so that they went alone")
                .register(registry);
    }

    /** Starts the writer; until then every request goes alone (so a caller that cannot batch never starts it). */
    public void start() {
        commits.start();
        started = true;
    }

    /** Stops taking requests: what waits is written first, and this returns once it is ({@link GroupCommit#stop}). */
    public void stop() {
        commits.stop();
    }

    /**
     * The request's answer from the next batch, completed by the writer; null when it is to go alone (at once if the
     * writer was never started).
     */
    public CompletionStage<A> submit(R request) {
        if (!started) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<A> answer = new CompletableFuture<>();
        commits.submit(new Waiting<>(request, answer));
        return answer;
    }

    /** A request whose batch failed (or that came after the stop): it goes alone. */
    private void failed(Waiting<R, A> waiting, Throwable e) {
        failed.increment();
        waiting.answer().complete(null);
    }

    private void writeBatch(List<Waiting<R, A>> batch) {
        List<R> requests = batch.stream().map(Waiting::request).toList();
        List<A> answers;
        try {
            answers = Transactions.inNew(() -> write.apply(requests));
        } catch (RuntimeException e) {
            if (!SqlErrors.isRetryableConflict(e)) {
                throw e; // logged by the group commit, and counted; the requests go alone all the same
            }
            LOG.debugf("A batch of %d %s goes alone: %s", batch.size(), what, e.getMessage());
            answers = allAlone(batch.size());
        }
        long together = answers.stream().filter(Objects::nonNull).count();
        if (together > 1) {
            grouped.increment(together);
        }
        alone.increment(batch.size() - together);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).answer().complete(answers.get(i));
        }
    }

    /** As many nulls as requests: every request of the batch goes alone. */
    public static <A> List<A> allAlone(int requests) {
        return Collections.nCopies(requests, null);
    }
}
