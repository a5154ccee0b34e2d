package com.flashcart.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.flashcart.support.KafkaTopics;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * The relay's producer as Kafka actually built it. Kafka silently turns idempotence off when another setting
 * conflicts with it (acks, retries, in-flight requests), so the configured map alone proves nothing: this reads
 * the {@link ProducerConfig} inside the live producer and checks that it set up its idempotence state.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTopics.class)
class OutboxProducerConfigTest {

    @Inject
    KafkaClientService kafka;

    @Test
    void producerWaitsForAllReplicasAndIsIdempotent() throws Exception {
        Producer<?, ?> producer = kafka.getProducer(KafkaEventSender.CHANNEL).unwrap();
        assertTrue(producer instanceof KafkaProducer, "a real KafkaProducer: " + producer.getClass());

        ProducerConfig effective = (ProducerConfig) field(producer, "producerConfig");
        assertEquals("-1", effective.getString(ProducerConfig.ACKS_CONFIG), "acks=all (Kafka stores it as -1)");
        assertTrue(effective.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG), "enable.idempotence");
        assertTrue(effective.getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION) <= 5);
        assertTrue(effective.getInt(ProducerConfig.RETRIES_CONFIG) > 0);
        assertEquals(30000, effective.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        // the connector wraps the serializers it was configured with
        Map<String, ?> configured = kafka.getProducer(KafkaEventSender.CHANNEL).configuration();
        assertEquals(StringSerializer.class.getName(), configured.get(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG));
        assertEquals(StringSerializer.class.getName(), configured.get(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG));
        // the producer allocates producer ids and sequence numbers only when idempotence really is on
        assertNotNull(field(producer, "transactionManager"), "idempotence state exists in the live producer");
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        Field f = KafkaProducer.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }
}
