package com.flashcart.common.db;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

/**
 * Writes what many requests ask for in few transactions, so that a burst costs a log flush per batch instead of
 * one per request: requests queue here, one thread takes everything waiting, groups it by key (writes that touch
 * the same hot row go together), splits each group into batches of at most {@code maxBatch} and hands each batch
 * to the writer, which completes every request of it (each request carries its own future). While a batch is
 * written the next requests gather, so batches grow exactly as fast as the database is slow.
 * <p>
 * A request wakes the writer only when the writer has nothing to do (or, lingering, when the batch is full): while it
 * writes or lingers, requests join the queue without a wake-up each, so a crowd costs the writer one wake-up per batch,
 * not one per request (each is a system call on the submitting event loop and a context switch).
 *
 * @param <T> a queued request, with the future its caller waits on
 * @param <K> what groups requests into one batch (the hot row they share)
 */
public final class GroupCommit<T, K> {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);
    /** How long {@link #stop} waits for the last writes. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final int maxBatch;
    private final Function<T, K> key;
    private final Consumer<List<T>> writer;
    private final BiConsumer<T, Throwable> fail;
    private final long lingerNanos;
    private final ConcurrentLinkedQueue<T> pending = new ConcurrentLinkedQueue<>();
    /** How many requests {@link #pending} holds (its own size() walks the queue). */
    private final AtomicInteger waiting = new AtomicInteger();
    /** Set while the writer is parked for the first request of its next batch: the next submit wakes it. */
    private volatile boolean idle;
    private volatile boolean running = true;
    private volatile Thread thread;

    /**
     * @param writer writes one batch and completes each of its requests; what it throws fails every request of
     *               the batch through {@code fail}
     */
    public GroupCommit(String name, int maxBatch, Function<T, K> key, Consumer<List<T>> writer,
            BiConsumer<T, Throwable> fail) {
        this(name, maxBatch, key, writer, fail, Duration.ZERO);
    }

    /**
     * @param linger how long a batch waits after its first request for more to join (at most until it is full):
     *               for work that nobody waits a log flush for, so that batches would stay small (reads)
     */
    public GroupCommit(String name, int maxBatch, Function<T, K> key, Consumer<List<T>> writer,
            BiConsumer<T, Throwable> fail, Duration linger) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.key = key;
        this.writer = writer;
        this.fail = fail;
        this.lingerNanos = linger.toNanos();
    }

    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::drain, name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Stops taking requests. What was taken or still waits is written first, and this waits for that (at most
     * {@link #STOP_WAIT}), so a caller that stops before the datasources close loses nothing.
     */
    public void stop() {
        Thread writing;
        synchronized (this) {
            running = false;
            writing = thread;
        }
        if (writing == null || writing == Thread.currentThread()) {
            return;
        }
        writing.interrupt();
        try {
            writing.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writing.isAlive()) {
            LOG.warnf("%s still writing after %s; stopping without it", name, STOP_WAIT);
        }
    }

    /**
     * Queues a request for the next batch; its future completes when that batch is written. Once stopped, the
     * request fails at once (through {@code fail}) rather than wait for a batch that never comes.
     */
    public void submit(T request) {
        int queued;
        synchronized (this) {
            if (!running) {
                queued = -1;
            } else {
                pending.add(request);
                queued = waiting.incrementAndGet();
            }
        }
        if (queued < 0) {
            fail.accept(request, new IllegalStateException(name + " is stopped"));
        } else if (idle || queued == maxBatch) {
            LockSupport.unpark(thread);
        }
    }

    /** Requests grouped by key in arrival order (groups in the order their first request came), batches of max. */
    public static <T, K> List<List<T>> batches(List<T> requests, Function<T, K> key, int max) {
        Map<K, List<T>> groups = new LinkedHashMap<>();
        for (T request : requests) {
            groups.computeIfAbsent(key.apply(request), k -> new ArrayList<>()).add(request);
        }
        List<List<T>> batches = new ArrayList<>();
        for (List<T> group : groups.values()) {
            for (int from = 0; from < group.size(); from += max) {
                batches.add(List.copyOf(group.subList(from, Math.min(group.size(), from + max))));
            }
        }
        return batches;
    }

    private void drain() {
        List<T> taken = new ArrayList<>();
        while (running) {
            if (waiting.get() == 0) {
                // the submit after this flag is set sees it (both volatile), or this check sees that submit's request
                idle = true;
                if (waiting.get() == 0 && running) {
                    LockSupport.park(this);
                }
                idle = false;
                continue;
            }
            if (lingerNanos > 0) {
                long until = System.nanoTime() + lingerNanos;
                for (long left = lingerNanos; left > 0 && running && waiting.get() < maxBatch;
                        left = until - System.nanoTime()) {
                    LockSupport.parkNanos(this, left);
                }
            }
            take(taken, maxBatch * 4);
            write(taken);
            taken.clear();
        }
        // stopping: what was taken or still waits is written now, not dropped with the thread, on a thread that is
        // not interrupted (stop's interrupt may also have landed during a write), or the pool would refuse it
        Thread.interrupted();
        take(taken, Integer.MAX_VALUE);
        write(taken);
    }

    /** Moves up to {@code max} waiting requests, oldest first, into {@code taken}. */
    private void take(List<T> taken, int max) {
        for (T next; taken.size() < max && (next = pending.poll()) != null;) {
            waiting.decrementAndGet();
            taken.add(next);
        }
    }

    private void write(List<T> taken) {
        for (List<T> batch : batches(taken, key, maxBatch)) {
            try {
                writer.accept(batch);
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "%s failed a batch of %d", name, batch.size());
                batch.forEach(request -> fail.accept(request, e));
            }
        }
    }
}
