package com.flashcart.platform.ingest;

import com.flashcart.platform.PlatformConfig;
import com.flashcart.platform.store.BatchOutcome;
import com.flashcart.platform.store.PlatformStore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads both event topics and hands each polled batch to the store. Offsets are committed by hand, and only
 * after the batch's database transaction committed: a crash in between redelivers the batch, and the eventId
 * primary key turns the redelivery into counted duplicates, so every event takes effect exactly once.
 */
public final class PaymentEventConsumer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentEventConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long DB_RETRY_MILLIS = 1_000;
    /** The loop counts as alive while it went round within this time (a batch retry takes about a second). */
    private static final long ALIVE_MILLIS = 15_000;

    private final PlatformStore store;
    private final List<String> topics;
    private final KafkaConsumer<String, String> consumer;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong recordsConsumed = new AtomicLong();
    private volatile long lastLoopAt = System.currentTimeMillis();
    private volatile boolean running;

    public PaymentEventConsumer(PlatformConfig config, PlatformStore store) {
        this.store = store;
        this.topics = List.of(config.paymentCompletedTopic(), config.orderCancelledTopic());
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "flashcart-data-platform");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
    }

    @Override
    public void run() {
        running = true;
        try {
            consumer.subscribe(topics);
            LOG.info("consuming {} as group member", topics);
            while (stopping.getCount() > 0) {
                lastLoopAt = System.currentTimeMillis();
                ConsumerRecords<String, String> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    handle(records);
                }
            }
        } catch (WakeupException e) {
            if (stopping.getCount() > 0) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("consumer loop died", e);
        } finally {
            running = false;
            try {
                consumer.close(Duration.ofSeconds(5));
            } finally {
                stopped.countDown();
            }
        }
    }

    private void handle(ConsumerRecords<String, String> records) {
        List<PlatformEvent> events = new ArrayList<>(records.count());
        int malformed = 0;
        for (ConsumerRecord<String, String> record : records) {
            try {
                events.add(EventParser.parse(record.value()));
            } catch (MalformedEventException e) {
                malformed++;
                LOG.warn("skipping malformed message {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        try {
            BatchOutcome outcome = store.apply(events, malformed);
            LOG.debug("stored {} events, dropped {} duplicates, skipped {} malformed", outcome.stored(),
                    outcome.duplicates(), outcome.malformed());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("batch of {} records not stored, retrying in {} ms: {}", records.count(), DB_RETRY_MILLIS,
                    e.toString());
            rewind(records);
            pause(DB_RETRY_MILLIS);
            return;
        }
        recordsConsumed.addAndGet(records.count());
        commit(records);
    }

    /** After a failed transaction, the next poll returns the same records again. */
    private void rewind(ConsumerRecords<String, String> records) {
        for (TopicPartition tp : records.partitions()) {
            consumer.seek(tp, records.records(tp).get(0).offset());
        }
    }

    private void commit(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, String>> inPartition = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            // Shutting down right after the transaction: commit once more, so a restart does not redeliver.
            consumer.commitSync(offsets);
            throw e;
        } catch (KafkaException e) {
            LOG.warn("offset commit failed; the records may be redelivered and dropped as duplicates: {}",
                    e.toString());
        }
    }

    private void pause(long millis) {
        try {
            stopping.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return running && System.currentTimeMillis() - lastLoopAt < ALIVE_MILLIS;
    }

    /** Kafka records this instance handled and committed (malformed and duplicates included). */
    public long recordsConsumed() {
        return recordsConsumed.get();
    }

    /** Stops the loop (waking a blocked poll), waits for the consumer to close. */
    public void stop(Duration timeout) throws InterruptedException {
        stopping.countDown();
        consumer.wakeup();
        if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("consumer did not stop within {}", timeout);
        }
    }
}
