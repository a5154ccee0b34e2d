package com.flashcart.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real Kafka and MariaDB of {@code ./flashcart infra}, set up so a test never touches the running platform's
 * data: its own topics and consumer group, and tables with the prefix {@code test_} that are dropped first.
 */
final class PlatformTestKit implements AutoCloseable {

    static final String TABLE_PREFIX = "test_";
    private static final String SCHEMA = "flashcart_platform";
    private static final ObjectMapper JSON = new ObjectMapper();

    final PlatformConfig config;
    private final Admin admin;
    private final KafkaProducer<String, String> producer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    PlatformTestKit() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        PlatformConfig defaults = PlatformConfig.fromEnvironment();
        this.config = defaults.withHttpPort(0)
                .withTablePrefix(TABLE_PREFIX)
                .withTopics("dp-test-paid-" + run, "dp-test-cancelled-" + run, "dp-test-" + run);
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        this.admin = Admin.create(adminProps);
        admin.createTopics(List.of(
                        new NewTopic(config.paymentCompletedTopic(), 3, (short) 1),
                        new NewTopic(config.orderCancelledTopic(), 3, (short) 1)))
                .all().get(30, TimeUnit.SECONDS);
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(producerProps);
        dropTestTables();
    }

    private void dropTestTables() throws Exception {
        String serverUrl = config.dbUrl().replaceFirst("/" + SCHEMA + "(\\?.*)?$", "/$1");
        try (Connection c = DriverManager.getConnection(serverUrl, config.dbUser(), config.dbPassword());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + SCHEMA);
            List<String> tables = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = ? AND table_name LIKE 'test\\_%'")) {
                q.setString(1, SCHEMA);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        tables.add(r.getString(1));
                    }
                }
            }
            for (String table : tables) {
                s.execute("DROP TABLE `" + SCHEMA + "`.`" + table + "`");
            }
        }
    }

    static String paymentCompleted(String eventId, long orderId, long paidAmount, String occurredAt,
                                   long[]... productAndQuantity) {
        StringBuilder items = new StringBuilder();
        for (long[] item : productAndQuantity) {
            if (!items.isEmpty()) {
                items.append(',');
            }
            items.append("{\"productId\":").append(item[0]).append(",\"quantity\":").append(item[1])
                    .append(",\"unitPrice\":100}");
        }
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"PaymentCompleted\",\"occurredAt\":\"" + occurredAt
                + "\",\"orderId\":" + orderId + ",\"userId\":2,\"paymentId\":" + (orderId + 1000)
                + ",\"paidAmount\":" + paidAmount + ",\"discountAmount\":0,\"items\":[" + items + "]}";
    }

    static String orderCancelled(String eventId, long orderId, long refundedAmount, String occurredAt) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"OrderCancelled\",\"occurredAt\":\"" + occurredAt
                + "\",\"orderId\":" + orderId + ",\"userId\":2,\"refundedAmount\":" + refundedAmount
                + ",\"paymentId\":" + (orderId + 1000) + "}";
    }

    static long[] item(long productId, long quantity) {
        return new long[] {productId, quantity};
    }

    void sendPaid(long orderId, String value) throws Exception {
        send(config.paymentCompletedTopic(), String.valueOf(orderId), value);
    }

    void sendCancelled(long orderId, String value) throws Exception {
        send(config.orderCancelledTopic(), String.valueOf(orderId), value);
    }

    /** Sends like Flashcart's relay: key = orderId, eventId also as a header when the value has one. */
    void send(String topic, String key, String value) throws Exception {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        try {
            String eventId = JSON.readTree(value).path("eventId").asText("");
            if (!eventId.isEmpty()) {
                record.headers().add("eventId", eventId.getBytes(StandardCharsets.UTF_8));
            }
        } catch (Exception notJson) {
            // malformed values on purpose carry no header
        }
        producer.send(record).get(10, TimeUnit.SECONDS);
    }

    HttpResponse<String> get(DataPlatform platform, String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + platform.httpPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    JsonNode json(DataPlatform platform, String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(platform, pathAndQuery);
        if (response.statusCode() != 200) {
            throw new AssertionError(pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    JsonNode stats(DataPlatform platform) throws Exception {
        return json(platform, "/api/v1/stats");
    }

    /** The sum of the offsets the platform's group committed over both topics: records it finished with. */
    long committedRecords() throws Exception {
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = admin
                .listConsumerGroupOffsets(config.consumerGroup()).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }

    @Override
    public void close() throws Exception {
        producer.close(Duration.ofSeconds(5));
        try {
            admin.deleteTopics(List.of(config.paymentCompletedTopic(), config.orderCancelledTopic()))
                    .all().get(30, TimeUnit.SECONDS);
            admin.deleteConsumerGroups(List.of(config.consumerGroup())).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException cleanupOnly) {
            // a test that never committed leaves no group to delete
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
