package com.flashcart.support;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Makes sure this run's test topics exist (see {@link KafkaTopics}) and gives the ranking consumers a consumer
 * group of their own per run, starting at the end of the topics: events of earlier runs, whose order ids a fresh
 * test database reuses, are never read.
 */
public class KafkaTestTopics implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        KafkaTopics.recreateOnce();
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
