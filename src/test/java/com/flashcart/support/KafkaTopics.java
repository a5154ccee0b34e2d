package com.flashcart.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.awaitility.Awaitility;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The tests' own event topics on the shared broker (auto-create is off), named with the prefix
 * {@code FLASHCART_TEST_TOPIC_PREFIX} (default {@code test.}) as application.properties does. They are deleted and
 * created afresh once per test JVM, so a run sees only its own events.
 */
public class KafkaTopics implements QuarkusTestResourceLifecycleManager {

    public static final int PARTITIONS = 3;
    private static boolean created;

    public static String prefix() {
        return System.getenv().getOrDefault("FLASHCART_TEST_TOPIC_PREFIX", "test.");
    }

    public static String paymentCompleted() {
        return prefix() + "payment-completed";
    }

    public static String orderCancelled() {
        return prefix() + "order-cancelled";
    }

    public static String bootstrapServers() {
        return "127.0.0.1:" + System.getenv().getOrDefault("FLASHCART_KAFKA_PORT", "19092");
    }

    public static Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    @Override
    public Map<String, String> start() {
        recreateOnce();
        return Map.of();
    }

    static synchronized void recreateOnce() {
        if (created) {
            return;
        }
        Set<String> topics = Set.of(paymentCompleted(), orderCancelled());
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> stale = topics.stream().filter(existing::contains).toList();
            if (!stale.isEmpty()) {
                admin.deleteTopics(stale).all().get(30, TimeUnit.SECONDS);
            }
            // deletion completes asynchronously: creating too early meets "already exists" for a while
            Set<String> done = new java.util.HashSet<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                for (String topic : topics) {
                    if (done.contains(topic)) {
                        continue;
                    }
                    try {
                        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
                        done.add(topic);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
                return done.containsAll(topics);
            });
            created = true;
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the test topics " + topics, e);
        }
    }

    @Override
    public void stop() {
    }
}
