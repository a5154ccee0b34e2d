package com.flashcart.outbox;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.smallrye.health.api.HealthGroup;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;

/**
 * The relay's lag and whether Kafka answers, in the {@code dependencies} group. It never decides readiness: Kafka
 * being down hits every instance alike, and the outbox keeps every event until it is back (docs/operations.md, "Health").
 */
@ApplicationScoped
@HealthGroup("dependencies")
public class OutboxHealth implements HealthCheck {

    private static final int KAFKA_TIMEOUT_MS = 2000;

    @Inject
    OutboxLag lag;

    @Inject
    RelayWorker worker;

    @Inject
    OutboxConfig config;

    @Inject
    KafkaClientService kafka;

    private Admin admin;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("outbox-relay").up();
        try {
            OutboxLag.Sample sample = lag.sample();
            response.withData("pending", sample.pending())
                    .withData("oldestPendingSeconds", sample.oldestAge().toSeconds());
            if (sample.oldestAge().compareTo(config.maxLag()) > 0) {
                response.down();
            }
        } catch (Exception e) {
            response.down().withData("database", e.getClass().getSimpleName());
        }
        RelayWorker.State state = worker.state();
        response.withData("failuresInARow", state.failuresInARow());
        if (state.lastError() != null) {
            response.withData("lastError", state.lastError());
        }
        if (state.lastSuccess() != null) {
            response.withData("lastSuccess", state.lastSuccess().toString());
        }
        try {
            admin().describeCluster(new DescribeClusterOptions().timeoutMs(KAFKA_TIMEOUT_MS))
                    .nodes().get(KAFKA_TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
            response.withData("kafka", "reachable");
        } catch (Exception e) {
            response.down().withData("kafka", "unreachable");
        }
        return response.build();
    }

    /** An admin client on the relay channel's own brokers and security settings. */
    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> props = new HashMap<>();
            kafka.getProducer(KafkaEventSender.CHANNEL).configuration().forEach((key, value) -> {
                if (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || key.startsWith("security.")
                        || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                    props.put(key, value);
                }
            });
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "flashcart-outbox-health");
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, KAFKA_TIMEOUT_MS);
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, KAFKA_TIMEOUT_MS);
            admin = Admin.create(props);
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
