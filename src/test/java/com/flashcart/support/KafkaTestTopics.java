package com.flashcart.support;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Creates this checkout's test topics (auto-create is off on the broker) and gives the ranking consumers a
 * consumer group of their own per run, starting at the end of the topics: events of earlier runs, whose order
 * ids a fresh test database reuses, are never read.
 */
public class KafkaTestTopics implements QuarkusTestResourceLifecycleManager {

    public static String bootstrap() {
        return "127.0.0.1:" + System.getenv().getOrDefault("FLASHCART_KAFKA_PORT", "19092");
    }

    public static String prefix() {
        return System.getenv().getOrDefault("FLASHCART_TEST_TOPIC_PREFIX", "test.");
    }

    public static String paymentCompleted() {
        return prefix() + "payment-completed";
    }

    public static String orderCancelled() {
        return prefix() + "order-cancelled";
    }

    @Override
    public Map<String, String> start() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (AdminClient admin = AdminClient.create(config)) {
            for (String topic : List.of(paymentCompleted(), orderCancelled())) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create " + topic, e);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String group = "flashcart-ranking-test-" + UUID.randomUUID();
        return Map.of(
                "mp.messaging.incoming.ranking-payments.group.id", group,
                "mp.messaging.incoming.ranking-payments.auto.offset.reset", "latest",
                "mp.messaging.incoming.ranking-cancellations.group.id", group,
                "mp.messaging.incoming.ranking-cancellations.auto.offset.reset", "latest");
    }

    @Override
    public void stop() {
    }
}
