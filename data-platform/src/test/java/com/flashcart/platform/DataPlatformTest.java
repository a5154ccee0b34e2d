package com.flashcart.platform;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static com.flashcart.platform.PlatformTestKit.item;
import static com.flashcart.platform.PlatformTestKit.orderCancelled;
import static com.flashcart.platform.PlatformTestKit.paymentCompleted;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The platform in-process against the real Kafka and MariaDB of {@code ./flashcart infra}. */
class DataPlatformTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String AT = "2026-11-26T01:02:03.456Z";

    private PlatformTestKit kit;
    private DataPlatform platform;

    @BeforeEach
    void start() throws Exception {
        kit = new PlatformTestKit();
        platform = DataPlatform.start(kit.config);
    }

    @AfterEach
    void stop() throws Exception {
        if (platform != null) {
            platform.close();
        }
        kit.close();
    }

    /** Polls /api/v1/stats until the condition holds; on time-out the failure shows the last figures seen. */
    private JsonNode statsOnceTrue(Predicate<JsonNode> condition) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode stats = kit.stats(platform);
                last.set(stats);
                return condition.test(stats);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("stats never reached the expected state; last seen: " + last.get(), e);
        }
        return last.get();
    }

    private void awaitCommitted(long records) {
        await("the group committed offsets past all " + records + " records").atMost(WAIT)
                .until(() -> kit.committedRecords() == records);
    }

    private static Map<Long, Long> topProducts(JsonNode stats) {
        Map<Long, Long> top = new HashMap<>();
        stats.get("topProducts").forEach(p -> top.put(p.get("productId").asLong(), p.get("quantity").asLong()));
        return top;
    }

    @Test
    void everyPaymentCountsOnceInRevenuePaidOrdersAndTopProducts() throws Exception {
        int n = 30;
        long revenue = 0;
        Map<Long, Long> units = new HashMap<>();
        for (int i = 1; i <= n; i++) {
            long product = 100 + i % 4;
            long quantity = i % 3 + 1;
            long amount = 1000L * i;
            revenue += amount;
            units.merge(product, quantity, Long::sum);
            kit.sendPaid(i, paymentCompleted(UUID.randomUUID().toString(), i, amount, AT, item(product, quantity)));
        }

        JsonNode stats = statsOnceTrue(s -> s.get("eventsReceived").asLong() == n);

        assertEquals(n, stats.get("paidOrders").asLong());
        assertEquals(revenue, stats.get("revenue").asLong());
        assertEquals(0, stats.get("duplicatesDropped").asLong());
        assertEquals(units, topProducts(stats));
        List<Long> quantities = new ArrayList<>();
        stats.get("topProducts").forEach(p -> quantities.add(p.get("quantity").asLong()));
        List<Long> sorted = new ArrayList<>(quantities);
        sorted.sort((a, b) -> Long.compare(b, a));
        assertEquals(sorted, quantities, "top products are ordered by quantity, highest first");
        JsonNode minute = stats.get("perMinute");
        assertEquals(1, minute.size());
        assertEquals("2026-11-26T01:02:00Z", minute.get(0).get("minute").asText());
        assertEquals(n, minute.get(0).get("paidOrders").asLong());
        assertEquals(revenue, minute.get(0).get("revenue").asLong());
    }

    @Test
    void anEventDeliveredThreeTimesCountsOnceAndTwoDuplicatesAreDropped() throws Exception {
        String eventId = UUID.randomUUID().toString();
        String value = paymentCompleted(eventId, 7, 5000, AT, item(55, 4));
        for (int i = 0; i < 3; i++) {
            kit.sendPaid(7, value);
        }

        JsonNode stats = statsOnceTrue(s -> s.get("duplicatesDropped").asLong() == 2);

        assertEquals(1, stats.get("eventsReceived").asLong());
        assertEquals(1, stats.get("paidOrders").asLong());
        assertEquals(5000, stats.get("revenue").asLong());
        assertEquals(Map.of(55L, 4L), topProducts(stats));
        JsonNode events = kit.json(platform, "/api/v1/events?orderId=7").get("items");
        assertEquals(1, events.size());
        assertEquals(eventId, events.get(0).get("eventId").asText());
    }

    @Test
    void aCancellationAfterItsPaymentAddsARefundAndTakesItsItemsOutOfTopProducts() throws Exception {
        kit.sendPaid(1, paymentCompleted(UUID.randomUUID().toString(), 1, 1300, AT, item(5, 2), item(6, 1)));
        kit.sendPaid(2, paymentCompleted(UUID.randomUUID().toString(), 2, 900, AT, item(5, 3)));
        statsOnceTrue(s -> s.get("paidOrders").asLong() == 2);

        kit.sendCancelled(1, orderCancelled(UUID.randomUUID().toString(), 1, 1300, "2026-11-26T01:04:00Z"));
        JsonNode stats = statsOnceTrue(s -> s.get("eventsReceived").asLong() == 3);

        assertEquals(1300, stats.get("refunds").asLong());
        assertEquals(2200, stats.get("revenue").asLong());
        assertEquals(Map.of(5L, 3L), topProducts(stats), "order 1's items are gone, product 6 sold nothing net");
        JsonNode minutes = stats.get("perMinute");
        assertEquals(2, minutes.size());
        assertEquals("2026-11-26T01:04:00Z", minutes.get(1).get("minute").asText());
        assertEquals(1300, minutes.get(1).get("refunds").asLong());
        JsonNode events = kit.json(platform, "/api/v1/events?orderId=1").get("items");
        assertEquals(2, events.size());
        assertEquals("PaymentCompleted", events.get(0).get("type").asText());
        assertEquals("OrderCancelled", events.get(1).get("type").asText());
        assertEquals(1001, events.get(1).get("paymentId").asLong(), "extra fields are kept");
    }

    @Test
    void aCancellationSeenBeforeItsPaymentStillLeavesTheItemsOutOfTopProducts() throws Exception {
        kit.sendCancelled(3, orderCancelled(UUID.randomUUID().toString(), 3, 700, "2026-11-26T01:05:00Z"));
        statsOnceTrue(s -> s.get("refunds").asLong() == 700);

        kit.sendPaid(3, paymentCompleted(UUID.randomUUID().toString(), 3, 700, AT, item(9, 7)));
        kit.sendPaid(4, paymentCompleted(UUID.randomUUID().toString(), 4, 100, AT, item(10, 1)));
        JsonNode stats = statsOnceTrue(s -> s.get("paidOrders").asLong() == 2);

        assertEquals(Map.of(10L, 1L), topProducts(stats));
    }

    @Test
    void malformedMessagesAreCountedAndSkippedWithoutBlockingThePartition() throws Exception {
        String topic = kit.config.paymentCompletedTopic();
        kit.send(topic, "8", "not json at all");
        kit.send(topic, "8", "{\"eventId\":\"x-1\",\"type\":\"SomethingElse\",\"occurredAt\":\"" + AT
                + "\",\"orderId\":8}");
        kit.send(topic, "8", "{\"eventId\":\"x-2\",\"type\":\"PaymentCompleted\",\"occurredAt\":\"" + AT
                + "\",\"paidAmount\":10,\"items\":[]}");
        kit.send(kit.config.orderCancelledTopic(), "8", "[1,2,3]");
        String good = UUID.randomUUID().toString();
        kit.sendPaid(8, paymentCompleted(good, 8, 4200, AT, item(77, 1)));

        JsonNode stats = statsOnceTrue(s -> s.get("eventsReceived").asLong() == 1 && s.get("malformed").asLong() == 4);

        assertEquals(4200, stats.get("revenue").asLong());
        assertEquals(good, kit.json(platform, "/api/v1/events?orderId=8").get("items").get(0).get("eventId").asText());
        awaitCommitted(5);
    }

    @Test
    void aRestartResumesFromCommittedOffsetsWithoutCountingAnythingTwice() throws Exception {
        String first = paymentCompleted(UUID.randomUUID().toString(), 11, 100, AT, item(1, 1));
        kit.sendPaid(11, first);
        kit.sendPaid(12, paymentCompleted(UUID.randomUUID().toString(), 12, 200, AT, item(1, 2)));
        kit.sendCancelled(11, orderCancelled(UUID.randomUUID().toString(), 11, 100, AT));
        statsOnceTrue(s -> s.get("eventsReceived").asLong() == 3);
        awaitCommitted(3);
        platform.close();
        platform = null;

        kit.sendPaid(13, paymentCompleted(UUID.randomUUID().toString(), 13, 300, AT, item(2, 3)));
        kit.sendPaid(14, paymentCompleted(UUID.randomUUID().toString(), 14, 400, AT, item(2, 4)));
        kit.sendPaid(11, first);
        DataPlatform restarted = DataPlatform.start(kit.config);
        platform = restarted;

        JsonNode stats = statsOnceTrue(s -> s.get("eventsReceived").asLong() == 5
                && s.get("duplicatesDropped").asLong() == 1);
        awaitCommitted(6);

        assertEquals(3, restarted.recordsConsumed(), "only the three records after the committed offsets");
        assertEquals(4, stats.get("paidOrders").asLong());
        assertEquals(1000, stats.get("revenue").asLong());
        assertEquals(100, stats.get("refunds").asLong());
        assertEquals(Map.of(1L, 2L, 2L, 7L), topProducts(stats));
    }

    @Test
    void theHttpEndpointsAnswerTheDocumentedShapes() throws Exception {
        kit.sendPaid(21, paymentCompleted(UUID.randomUUID().toString(), 21, 1000, "2026-11-26T01:00:59.999Z",
                item(5, 2)));
        kit.sendPaid(22, paymentCompleted(UUID.randomUUID().toString(), 22, 500, "2026-11-26T01:01:00Z",
                item(5, 1)));
        JsonNode stats = statsOnceTrue(s -> s.get("eventsReceived").asLong() == 2);

        for (String field : List.of("eventsReceived", "duplicatesDropped", "paidOrders", "revenue", "refunds")) {
            assertTrue(stats.get(field).isIntegralNumber(), field);
        }
        assertEquals("[{\"productId\":5,\"quantity\":3}]", stats.get("topProducts").toString());
        assertEquals("[{\"minute\":\"2026-11-26T01:00:00Z\",\"paidOrders\":1,\"revenue\":1000,\"refunds\":0},"
                + "{\"minute\":\"2026-11-26T01:01:00Z\",\"paidOrders\":1,\"revenue\":500,\"refunds\":0}]",
                stats.get("perMinute").toString());

        JsonNode events = kit.json(platform, "/api/v1/events?orderId=21");
        assertEquals(1, events.get("items").size());
        JsonNode event = events.get("items").get(0);
        assertEquals(21, event.get("orderId").asLong());
        assertEquals(2, event.get("items").get(0).get("quantity").asLong());
        assertEquals(0, kit.json(platform, "/api/v1/events?orderId=999").get("items").size());

        for (String bad : List.of("/api/v1/events", "/api/v1/events?orderId=abc", "/api/v1/events?orderId=")) {
            HttpResponse<String> response = kit.get(platform, bad);
            assertEquals(400, response.statusCode(), bad);
            assertTrue(response.headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/problem+json"), bad);
            assertTrue(response.body().contains("\"code\":\"VALIDATION_FAILED\""), response.body());
            assertTrue(response.body().contains("\"status\":400"), response.body());
        }

        HttpResponse<String> missing = kit.get(platform, "/nothing/here");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));

        HttpResponse<String> health = kit.get(platform, "/health");
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"status\":\"UP\""), health.body());

        HttpResponse<String> page = kit.get(platform, "/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<canvas") && page.body().contains("/api/v1/stats"), "a live chart");
        assertFalse(page.body().contains("src=\"http"), "no scripts from a CDN");
    }
}
