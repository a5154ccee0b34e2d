package com.flashcart.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fake external data platform (data-platform/) as a child process of the test JVM, reading the test topics as
 * its own consumer group into its own database ({@code <FLASHCART_TEST_DB>_platform}, dropped first), from the jar
 * its own build made. Started once per JVM, stopped when the JVM exits.
 */
public final class DataPlatformProcess {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path JAR = ROOT.resolve("data-platform/target/flashcart-data-platform-all.jar");
    private static DataPlatformProcess shared;

    private final Process process;
    private final Http http;
    private final String group;

    private DataPlatformProcess(Process process, int port, String group) {
        this.process = process;
        this.http = new Http("http://127.0.0.1:" + port);
        this.group = group;
    }

    public static synchronized DataPlatformProcess shared() {
        if (shared == null) {
            KafkaTopics.recreateOnce();
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    private static DataPlatformProcess start() {
        try {
            requireBuilt();
            String db = System.getenv().getOrDefault("FLASHCART_TEST_DB", "flashcart_test") + "_platform";
            String dbPort = System.getenv().getOrDefault("FLASHCART_DB_PRIMARY_PORT", "13306");
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + dbPort + "/", "flashcart", "flashcart");
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db);
            }
            int port = freePort();
            String group = "flashcart-test-platform-" + UUID.randomUUID();
            ProcessBuilder pb = new ProcessBuilder("java", "-Xmx128m", "-XX:+UseSerialGC", "-jar", JAR.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ROOT.resolve("target/data-platform-test.log").toFile());
            Map<String, String> env = pb.environment();
            env.put("FLASHCART_PLATFORM_PORT", Integer.toString(port));
            env.put("FLASHCART_KAFKA_BOOTSTRAP_SERVERS", KafkaTopics.bootstrapServers());
            env.put("FLASHCART_PLATFORM_DB_URL", "jdbc:mysql://127.0.0.1:" + dbPort + "/" + db);
            env.put("FLASHCART_TOPIC_PAYMENT_COMPLETED", KafkaTopics.paymentCompleted());
            env.put("FLASHCART_TOPIC_ORDER_CANCELLED", KafkaTopics.orderCancelled());
            env.put("FLASHCART_PLATFORM_GROUP", group);
            env.put("FLASHCART_PLATFORM_TABLE_PREFIX", "relaytest_");
            DataPlatformProcess platform = new DataPlatformProcess(pb.start(), port, group);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!platform.process.isAlive()) {
                            throw new IllegalStateException("data platform exited, see target/data-platform-test.log");
                        }
                        return platform.http.get("/health", null).status() == 200;
                    });
            return platform;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the data platform", e);
        }
    }

    /**
     * The platform is built by ./flashcart test before the service's suite runs (two builds, each explicit); this
     * only insists that the jar is there and not older than its sources.
     */
    private static void requireBuilt() throws IOException {
        String build = "build it first: ./mvnw -f data-platform/pom.xml package -DskipTests (./flashcart test does)";
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("No data platform jar at " + JAR + "; " + build);
        }
        long built = Files.getLastModifiedTime(JAR).toMillis();
        try (Stream<Path> sources = Stream.concat(Files.walk(ROOT.resolve("data-platform/src/main")),
                Stream.of(ROOT.resolve("data-platform/pom.xml")))) {
            if (sources.filter(Files::isRegularFile).anyMatch(p -> p.toFile().lastModified() > built)) {
                throw new IllegalStateException("The data platform jar is older than its sources; " + build);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public JsonNode stats() {
        Http.Answer answer = http.get("/api/v1/stats", null);
        if (answer.status() != 200) {
            throw new IllegalStateException("stats: " + answer.status() + " " + answer.body());
        }
        return answer.json();
    }

    /** The distinct events the platform holds for the order. */
    public JsonNode events(long orderId) {
        return http.get("/api/v1/events?orderId=" + orderId, null).json().get("items");
    }

    /** Waits until the platform's group has committed every record now on the test topics, so its figures are final. */
    public void awaitCaughtUp() {
        try (Admin admin = KafkaTopics.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(KafkaTopics.paymentCompleted(), KafkaTopics.orderCancelled())) {
                for (int p = 0; p < KafkaTopics.PARTITIONS; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                return end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
