package com.flashcart.platform;

import com.flashcart.platform.ingest.PaymentEventConsumer;
import com.flashcart.platform.store.PlatformStore;
import com.flashcart.platform.web.PlatformHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The fake external data platform: consumes Flashcart's payment events, keeps real-time aggregates in its own
 * schema and serves them on 127.0.0.1. {@link #main} runs it until SIGTERM; tests start and close it in-process.
 */
public final class DataPlatform implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DataPlatform.class);

    private final PlatformStore store;
    private final PaymentEventConsumer consumer;
    private final Thread consumerThread;
    private final PlatformHttp http;
    private final CountDownLatch closed = new CountDownLatch(1);

    private DataPlatform(PlatformStore store, PaymentEventConsumer consumer, Thread consumerThread,
                         PlatformHttp http) {
        this.store = store;
        this.consumer = consumer;
        this.consumerThread = consumerThread;
        this.http = http;
    }

    public static DataPlatform start(PlatformConfig config) throws Exception {
        PlatformStore store = new PlatformStore(config);
        PaymentEventConsumer consumer = null;
        try {
            consumer = new PaymentEventConsumer(config, store);
            Thread thread = new Thread(consumer, "platform-consumer");
            thread.start();
            PlatformHttp http = new PlatformHttp("127.0.0.1", config.httpPort(), store, consumer::isAlive);
            LOG.info("data platform on http://127.0.0.1:{} consuming {} and {} from {} as group {}", http.port(),
                    config.paymentCompletedTopic(), config.orderCancelledTopic(), config.bootstrapServers(),
                    config.consumerGroup());
            return new DataPlatform(store, consumer, thread, http);
        } catch (Exception | Error e) {
            if (consumer != null) {
                consumer.stop(Duration.ofSeconds(10));
            }
            store.close();
            throw e;
        }
    }

    public int httpPort() {
        return http.port();
    }

    /** Records this instance consumed and committed since it started. */
    public long recordsConsumed() {
        return consumer.recordsConsumed();
    }

    @Override
    public void close() throws InterruptedException {
        if (closed.getCount() == 0) {
            return;
        }
        http.close();
        consumer.stop(Duration.ofSeconds(15));
        consumerThread.join(5_000);
        store.close();
        closed.countDown();
        LOG.info("data platform stopped");
    }

    public static void main(String[] args) throws Exception {
        DataPlatform platform = start(PlatformConfig.fromEnvironment());
        CountDownLatch exited = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                platform.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exited.countDown();
            }
        }, "platform-shutdown"));
        exited.await();
    }
}
