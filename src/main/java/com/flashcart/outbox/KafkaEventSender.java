package com.flashcart.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends outbox rows to Kafka through the {@value #CHANNEL} channel (producer settings in application.properties:
 * acks=all, idempotence). The topic is chosen per record; the key is the order id and the header {@code eventId}
 * lets consumers drop duplicates without parsing the value.
 */
@ApplicationScoped
public class KafkaEventSender {

    public static final String CHANNEL = "outbox-events";
    public static final String EVENT_ID_HEADER = "eventId";

    // the relay bounds what it sends (one batch at a time, per-key chains), so the buffer never grows unbounded
    @Inject
    @Channel(CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
    MutinyEmitter<String> emitter;

    @Inject
    KafkaClientService kafka;

    /** Completes when Kafka acknowledged the record (acks=all), fails when it was refused or timed out. */
    public Uni<Void> send(PendingEvent event) {
        return Uni.createFrom().deferred(() -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(EVENT_ID_HEADER, event.eventId().getBytes(StandardCharsets.UTF_8));
            OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String> builder()
                    .withTopic(event.topic())
                    .withKey(event.key())
                    .withHeaders(headers)
                    .build();
            return emitter.sendMessage(Message.of(event.payload()).addMetadata(metadata));
        });
    }

    /**
     * Fetches the topics' metadata through the producer: fails within {@code max.block.ms} when Kafka is away.
     * Sent before a batch while Kafka's state is unknown, so that a batch never queues hundreds of records that
     * would each block the producer's sending thread for {@code max.block.ms}.
     */
    public void probe(Collection<String> topics, Duration timeout) {
        for (String topic : topics) {
            kafka.getProducer(CHANNEL).partitionsFor(topic).await().atMost(timeout);
        }
    }
}
