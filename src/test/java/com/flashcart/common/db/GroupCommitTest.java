package com.flashcart.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** How a group commit cuts what waits into batches, and that every request is answered exactly once. */
@Tag("unit")
class GroupCommitTest {

    private record Request(String key, int n) {
    }

    /** A request whose answer is its own number. */
    private record Job(int n, CompletableFuture<Integer> answer) {
    }

    /** A group commit whose writer answers every job with its number (one batch key). */
    private static GroupCommit<Job, Boolean> answering(String name, int maxBatch, Duration linger) {
        return new GroupCommit<>(name, maxBatch, job -> Boolean.TRUE,
                batch -> batch.forEach(job -> job.answer().complete(job.n())),
                (job, e) -> job.answer().completeExceptionally(e), linger);
    }

    @Test
    void batchesKeepEachKeysRequestsInOrderAndNeverExceedTheMaximum() {
        Random random = new Random(3);
        for (int round = 0; round < 2_000; round++) {
            List<Request> requests = new ArrayList<>();
            for (int i = random.nextInt(60); i > 0; i--) {
                requests.add(new Request("k" + random.nextInt(4), requests.size()));
            }
            int max = 1 + random.nextInt(10);
            List<List<Request>> batches = GroupCommit.batches(requests, Request::key, max);
            Map<String, List<Request>> byKey = new LinkedHashMap<>();
            requests.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
            Map<String, List<Request>> rebuilt = new LinkedHashMap<>();
            for (List<Request> batch : batches) {
                assertTrue(!batch.isEmpty() && batch.size() <= max, "batch size " + batch.size());
                assertEquals(1, batch.stream().map(Request::key).distinct().count(), "one key per batch");
                rebuilt.computeIfAbsent(batch.get(0).key(), k -> new ArrayList<>()).addAll(batch);
            }
            assertEquals(byKey, rebuilt, "each key's requests, once each, in arrival order");
            assertEquals(new ArrayList<>(byKey.keySet()), new ArrayList<>(rebuilt.keySet()), "keys in arrival order");
        }
    }

    @Test
    void aBatchThatFailsFailsEachOfItsRequestsAndTheWriterGoesOn() throws Exception {
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        GroupCommit<Job, Integer> commits = new GroupCommit<>("test-writer", 3, job -> job.n() % 2, batch -> {
            if (batch.get(0).n() % 2 == 1) {
                throw new IllegalStateException("odd batch");
            }
            batch.forEach(job -> job.answer().complete(job.n()));
        }, (job, e) -> job.answer().completeExceptionally(e));
        commits.start();
        try {
            for (int i = 0; i < 20; i++) {
                CompletableFuture<Integer> answer = new CompletableFuture<>();
                answers.add(answer);
                commits.submit(new Job(i, answer));
            }
            for (int i = 0; i < 20; i++) {
                CompletableFuture<Integer> answer = answers.get(i);
                if (i % 2 == 0) {
                    assertEquals(i, answer.get(10, TimeUnit.SECONDS));
                } else {
                    int n = i;
                    assertTrue(answer.handle((v, e) -> e != null).get(10, TimeUnit.SECONDS), "request " + n + " failed");
                }
            }
        } finally {
            commits.stop();
        }
    }

    /**
     * The writer sleeps when nothing waits and only the first request of a batch wakes it: submitters racing the
     * writer's falling asleep must never leave a request unanswered. Eight threads submit 5,000 requests each, in
     * bursts with pauses, so the writer falls asleep and is woken again many times; every request is answered, once.
     */
    @Test
    void racingSubmittersNeverLeaveARequestWaiting() throws Exception {
        int threads = 8;
        int each = 5_000;
        AtomicInteger written = new AtomicInteger();
        GroupCommit<Job, Boolean> commits = new GroupCommit<>("test-racing", 50, job -> Boolean.TRUE, batch -> {
            written.addAndGet(batch.size());
            batch.forEach(job -> job.answer().complete(job.n()));
        }, (job, e) -> job.answer().completeExceptionally(e));
        commits.start();
        try {
            List<CompletableFuture<Integer>> answers = new CopyOnWriteArrayList<>();
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * each;
                Thread submitter = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        CompletableFuture<Integer> answer = new CompletableFuture<>();
                        answers.add(answer);
                        commits.submit(new Job(base + i, answer));
                        if (i % 100 == 99) {
                            LockSupport.parkNanos(50_000);
                        }
                    }
                });
                submitters.add(submitter);
                submitter.start();
            }
            for (Thread submitter : submitters) {
                submitter.join();
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(threads * each, answers.stream().map(CompletableFuture::join).distinct().count());
            assertEquals(threads * each, written.get(), "each request written once");
        } finally {
            commits.stop();
        }
    }

    /**
     * The race the wake-up rule must win: a request submitted just as the writer, having answered the last one, is
     * falling asleep. A client answered at once submits its next request while the writer is still on its way to
     * sleep, 50,000 times; a request that the writer slept through would wait here for good.
     */
    @Test
    void aRequestSubmittedAsTheWriterFallsAsleepIsAnswered() throws Exception {
        GroupCommit<Job, Boolean> commits = answering("test-falling-asleep", 10, Duration.ZERO);
        commits.start();
        try {
            for (int i = 0; i < 50_000; i++) {
                CompletableFuture<Integer> answer = new CompletableFuture<>();
                commits.submit(new Job(i, answer));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!answer.isDone() && System.nanoTime() < until) {
                    Thread.onSpinWait(); // no park: the next submit follows the answer within a microsecond
                }
                assertTrue(answer.isDone(), "request " + i + " answered");
            }
        } finally {
            commits.stop();
        }
    }

    /**
     * With a linger, the first request waits for others to join its batch, and a batch that fills up goes at once:
     * three requests submitted one after the other form one batch under a 60 s linger, written long before it ends.
     */
    @Test
    void aLingeringBatchGathersItsRequestsAndGoesWhenFull() throws Exception {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        GroupCommit<Job, Boolean> commits = new GroupCommit<>("test-reader", 3, job -> Boolean.TRUE, batch -> {
            batchSizes.add(batch.size());
            batch.forEach(job -> job.answer().complete(job.n()));
        }, (job, e) -> job.answer().completeExceptionally(e), Duration.ofSeconds(60));
        commits.start();
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                CompletableFuture<Integer> answer = new CompletableFuture<>();
                answers.add(answer);
                commits.submit(new Job(i, answer));
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(i, answers.get(i).get(10, TimeUnit.SECONDS));
            }
            assertEquals(List.of(3), batchSizes);
        } finally {
            commits.stop();
        }
    }

    /** Stopping writes what waits instead of dropping it: here, two requests still in a 60 s linger. */
    @Test
    void stoppingWritesWhatWaits() throws Exception {
        GroupCommit<Job, Boolean> commits = answering("test-stopping", 10, Duration.ofSeconds(60));
        commits.start();
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CompletableFuture<Integer> answer = new CompletableFuture<>();
            answers.add(answer);
            commits.submit(new Job(i, answer));
        }
        commits.stop();
        for (int i = 0; i < 2; i++) {
            assertEquals(i, answers.get(i).get(10, TimeUnit.SECONDS));
        }
    }

    /**
     * Stop returns once the last writes are done, and they run on a thread that is not interrupted (a pool refuses
     * a connection to an interrupted thread): here, the stop lands while a batch is being written.
     */
    @Test
    void stopReturnsOnceTheLastWritesAreDoneOnAnUninterruptedThread() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        List<Boolean> interrupted = new CopyOnWriteArrayList<>();
        List<Integer> written = new CopyOnWriteArrayList<>();
        GroupCommit<Integer, Boolean> commits = new GroupCommit<>("test-stop-wait", 10, n -> Boolean.TRUE, batch -> {
            interrupted.add(Thread.currentThread().isInterrupted());
            writing.countDown();
            if (batch.contains(0)) {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // a write in progress (busy: an interrupt does not end it)
                }
            }
            written.addAll(batch);
        }, (n, e) -> {
        });
        commits.start();
        commits.submit(0);
        assertTrue(writing.await(10, TimeUnit.SECONDS));
        commits.submit(1);
        commits.stop();
        assertEquals(List.of(0, 1), written, "everything written when stop returns");
        assertEquals(List.of(false, false), interrupted);
    }

    /** A request that comes after the stop fails at once: no batch will ever come for it, and its caller must not wait. */
    @Test
    void aRequestAfterTheStopFailsAtOnce() throws Exception {
        GroupCommit<Job, Boolean> commits = answering("test-stopped", 10, Duration.ZERO);
        commits.start();
        commits.stop();
        CompletableFuture<Integer> late = new CompletableFuture<>();
        commits.submit(new Job(1, late));
        assertTrue(late.isCompletedExceptionally(), "failed when submitted");
    }
}
