package com.flashcart.platform;

import java.util.Map;
import java.util.Objects;

/**
 * Everything the data platform can be told, read from system properties first and environment variables second.
 *
 * @param httpPort         HTTP port on 127.0.0.1; 0 picks a free one ({@code FLASHCART_PLATFORM_PORT}, 8090)
 * @param bootstrapServers Kafka bootstrap servers ({@code FLASHCART_KAFKA_BOOTSTRAP_SERVERS}, else 127.0.0.1 and
 *                         {@code FLASHCART_KAFKA_PORT}, 19092)
 * @param dbUrl            JDBC URL of the platform's own schema ({@code FLASHCART_PLATFORM_DB_URL})
 * @param dbUser           database user ({@code FLASHCART_DB_USERNAME}, flashcart)
 * @param dbPassword       database password ({@code FLASHCART_DB_PASSWORD}, flashcart)
 * @param tablePrefix      prefix of every table, so tests never touch the running platform's data
 *                         ({@code FLASHCART_PLATFORM_TABLE_PREFIX}, platform_)
 * @param paymentCompletedTopic topic of PaymentCompleted events ({@code FLASHCART_TOPIC_PAYMENT_COMPLETED})
 * @param orderCancelledTopic   topic of OrderCancelled events ({@code FLASHCART_TOPIC_ORDER_CANCELLED})
 * @param consumerGroup    Kafka consumer group ({@code FLASHCART_PLATFORM_GROUP}, flashcart-data-platform)
 */
public record PlatformConfig(
        int httpPort,
        String bootstrapServers,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String tablePrefix,
        String paymentCompletedTopic,
        String orderCancelledTopic,
        String consumerGroup) {

    public PlatformConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(dbUrl, "dbUrl");
        if (!tablePrefix.matches("[A-Za-z0-9_]{0,32}")) {
            throw new IllegalArgumentException("table prefix must be letters, digits or _: " + tablePrefix);
        }
    }

    public static PlatformConfig fromEnvironment() {
        return from(System.getenv());
    }

    static PlatformConfig from(Map<String, String> env) {
        String kafkaPort = setting(env, "FLASHCART_KAFKA_PORT", "19092");
        String dbPort = setting(env, "FLASHCART_DB_PRIMARY_PORT", "13306");
        return new PlatformConfig(
                Integer.parseInt(setting(env, "FLASHCART_PLATFORM_PORT", "8090")),
                setting(env, "FLASHCART_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort),
                setting(env, "FLASHCART_PLATFORM_DB_URL", "jdbc:mysql://127.0.0.1:" + dbPort + "/flashcart_platform"),
                setting(env, "FLASHCART_DB_USERNAME", "flashcart"),
                setting(env, "FLASHCART_DB_PASSWORD", "flashcart"),
                setting(env, "FLASHCART_PLATFORM_TABLE_PREFIX", "platform_"),
                setting(env, "FLASHCART_TOPIC_PAYMENT_COMPLETED", "payment-completed"),
                setting(env, "FLASHCART_TOPIC_ORDER_CANCELLED", "order-cancelled"),
                setting(env, "FLASHCART_PLATFORM_GROUP", "flashcart-data-platform"));
    }

    /** A system property named like the variable in lower case with dots ({@code flashcart.platform.port}) wins. */
    private static String setting(Map<String, String> env, String name, String fallback) {
        String property = System.getProperty(name.toLowerCase().replace('_', '.'));
        if (property != null && !property.isBlank()) {
            return property;
        }
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public PlatformConfig withHttpPort(int port) {
        return new PlatformConfig(port, bootstrapServers, dbUrl, dbUser, dbPassword, tablePrefix,
                paymentCompletedTopic, orderCancelledTopic, consumerGroup);
    }

    public PlatformConfig withTopics(String paymentCompleted, String orderCancelled, String group) {
        return new PlatformConfig(httpPort, bootstrapServers, dbUrl, dbUser, dbPassword, tablePrefix,
                paymentCompleted, orderCancelled, group);
    }

    public PlatformConfig withTablePrefix(String prefix) {
        return new PlatformConfig(httpPort, bootstrapServers, dbUrl, dbUser, dbPassword, prefix,
                paymentCompletedTopic, orderCancelledTopic, consumerGroup);
    }
}
