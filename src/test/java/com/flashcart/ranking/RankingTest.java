package com.flashcart.ranking;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.flashcart.catalog.ProductAdmin;
import com.flashcart.common.db.PrimaryPools;
import com.flashcart.order.LineItem;
import com.flashcart.order.OrderCancelled;
import com.flashcart.payment.PaymentCompleted;
import com.flashcart.support.KafkaTestTopics;
import com.flashcart.support.KafkaTopics;
import com.flashcart.support.SqlUsers;
import com.flashcart.support.TestClock;
import com.flashcart.support.Users;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Popular products from real payment events on Kafka, counted per Asia/Seoul day in Redis, and rebuilt from the
 * database. Four days of sales, a cancellation, a duplicate and the Seoul midnight boundary (15:00 UTC). Each test
 * makes its own products and sales in a year of its own, so tests share no ranking day and run in any order.
 */
@QuarkusTest
@TestProfile(RankingTest.SeoulClock.class)
@QuarkusTestResource(KafkaTestTopics.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RankingTest {

    public static class SeoulClock implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(TestClock.class);
        }
    }

    private static final AtomicInteger NEXT_YEAR = new AtomicInteger(2030);

    @Inject
    TestClock clock;

    @Inject
    ProductAdmin admin;

    @Inject
    @DataSource(PrimaryPools.AUTOCOMMIT)
    AgroalDataSource primary;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    private KafkaProducer<String, String> producer;
    private long userId;
    private boolean listening;

    private record Sale(long orderId, long paymentId, Instant paidAt, Map<String, Integer> units, String eventId) {
    }

    /**
     * One test's world: products A..H and sales in its own year. "Noon Jan 13" is today for the 3-day window
     * Jan 11..13.
     */
    private final class World {
        final int year = NEXT_YEAR.getAndIncrement();
        final Map<String, Long> products = new LinkedHashMap<>();
        final Map<Long, Sale> sales = new LinkedHashMap<>();
        final Instant noonJan13 = at("01-13T03:00:00Z");

        World() {
            for (String name : List.of("A", "B", "C", "D", "E", "F", "G", "H")) {
                products.put(name, admin.create("Ranked " + year + " " + name, "", 1_000L * (name.charAt(0) - 'A' + 1),
                        100).id());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> products.values().stream().allMatch(id ->
                    given().get("/api/v1/products/{id}", id).statusCode() == 200));
        }

        Instant at(String monthDayTime) {
            return Instant.parse(year + "-" + monthDayTime);
        }

        /** The sales of the first test of the old suite: the top five over Jan 11..13 is B=7 D=6 C=5 A=3 G=3. */
        void fourDaysOfSales() throws Exception {
            List<Sale> paid = new ArrayList<>();
            paid.add(paidOrder(this, "01-10T03:00:00Z", Map.of("A", 50)));           // Seoul Jan 10: outside 3 days
            paid.add(paidOrder(this, "01-10T14:59:30Z", Map.of("G", 100)));          // Seoul Jan 10 23:59:30
            paid.add(paidOrder(this, "01-10T15:00:30Z", Map.of("G", 3)));            // Seoul Jan 11 00:00:30
            paid.add(paidOrder(this, "01-11T02:00:00Z", Map.of("A", 3, "B", 5)));    // Jan 11
            paid.add(paidOrder(this, "01-12T05:00:00Z", Map.of("B", 2, "C", 4)));    // Jan 12
            Sale laterCancelled = paidOrder(this, "01-12T06:00:00Z", Map.of("A", 10)); // Jan 12, then cancelled
            paid.add(laterCancelled);
            Sale duplicated = paidOrder(this, "01-13T01:00:00Z", Map.of("C", 1, "D", 6)); // Jan 13
            paid.add(duplicated);
            paid.add(paidOrder(this, "01-13T02:00:00Z", Map.of("E", 2, "F", 1)));    // Jan 13
            cancelInDatabase(laterCancelled);
            for (Sale sale : paid) {
                publishPayment(this, sale);
            }
            publishPayment(this, duplicated); // the relay's retry: the same event again
            publishCancellation(this, laterCancelled);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertEquals(List.of("B=7", "D=6", "C=5", "A=3", "G=3"), top(this, 3, 5)));
        }

        Sale withProduct(String product) {
            return sales.values().stream().filter(s -> s.units().containsKey(product) && s.units().size() == 2)
                    .findFirst().orElseThrow();
        }
    }

    @BeforeAll
    void producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTopics.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(config);
        userId = SqlUsers.insert(primary, 1).get(0);
    }

    /** RestAssured points at this test's instance only around each test method, so this waits per test. */
    @BeforeEach
    void consumersListen() {
        if (!listening) {
            awaitConsumersListening();
            listening = true;
        }
    }

    @AfterAll
    void close() {
        producer.close();
        clock.reset();
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void fourDaysOfPaidAndCancelledOrdersGiveTheExactTopFive() throws Exception {
        World world = new World();
        clock.set(world.noonJan13);
        world.fourDaysOfSales();
        JsonPath answer = popular(3, 5);
        assertEquals(world.year + "-01-11", answer.getString("from"));
        assertEquals(world.year + "-01-13", answer.getString("to"));
        assertEquals(List.of(1, 2, 3, 4, 5), answer.getList("items.rank"));
        assertEquals("Ranked " + world.year + " B", answer.getString("items[0].name"));
        assertEquals(2_000, answer.getInt("items[0].price"));
        assertEquals(world.products.get("B"), answer.getLong("items[0].productId"));
        assertEquals(List.of("D=6", "E=2", "C=1", "F=1"), top(world, 1, 5));
        assertEquals(List.of("B=7", "D=6"), top(world, 3, 2));
    }

    @Test
    void aDuplicateEventDoesNotCountTwice() throws Exception {
        World world = new World();
        clock.set(world.noonJan13);
        world.fourDaysOfSales();
        publishPayment(world, world.withProduct("D")); // the same eventId once more
        // a later event on the same partition: once it is counted, the duplicate before it was handled
        publishPayment(world, paidOrder(world, "01-13T02:30:00Z", Map.of("H", 1)));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertTrue(top(world, 1, 10).contains("H=1"), top(world, 1, 10).toString()));
        assertEquals(List.of("D=6", "E=2", "C=1", "F=1", "H=1"), top(world, 1, 5));
    }

    @Test
    void theDayEndsAtSeoulMidnightWhichIsThreePmUtc() throws Exception {
        World world = new World();
        clock.set(world.noonJan13);
        world.fourDaysOfSales();

        clock.set(world.at("01-10T14:59:59Z"));
        JsonPath lastSecond = popular(1, 5);
        assertEquals(world.year + "-01-10", lastSecond.getString("from"));
        assertEquals(world.year + "-01-10", lastSecond.getString("to"));
        assertEquals(List.of("G=100", "A=50"), top(world, 1, 5));

        clock.set(world.at("01-10T15:00:00Z"));
        JsonPath firstSecond = popular(1, 5);
        assertEquals(world.year + "-01-11", firstSecond.getString("from"));
        assertEquals(List.of("B=5", "A=3", "G=3"), top(world, 1, 5));

        clock.set(world.noonJan13);
        assertEquals(List.of("G=103", "A=53", "B=7", "D=6", "C=5"), top(world, 4, 5));
    }

    @Test
    void losingRedisLosesNoRanking() throws Exception {
        World world = new World();
        clock.set(world.noonJan13);
        world.fourDaysOfSales();
        List<String> before = top(world, 3, 5);
        List<String> today = top(world, 1, 10);
        assertEquals(List.of("B=7", "D=6", "C=5", "A=3", "G=3"), before);

        deleteRankingKeys(); // as a Redis restart would: day keys, markers, the "built" marker
        assertEquals(before, top(world, 3, 5), "answered from the database while Redis rebuilds");
        assertEquals(today, top(world, 1, 10));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.key().exists("fc:ranking:built"));
        assertEquals(before, top(world, 3, 5), "rebuilt from the database");

        deleteRankingKeys();
        given().header("Authorization", Users.adminBearer()).when().post("/api/v1/admin/rankings/rebuild")
                .then().statusCode(200).body("daysWithSales", equalTo(4)).body("ordersWithPayment", equalTo(8))
                .body("elsewhere", equalTo(false));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(before, top(world, 3, 5)));
    }

    @Test
    void anEventOfAnOrderTheRebuildCountedIsNotCountedAgain() throws Exception {
        World world = new World();
        clock.set(world.noonJan13);
        world.fourDaysOfSales();
        deleteRankingKeys();
        given().header("Authorization", Users.adminBearer()).when().post("/api/v1/admin/rankings/rebuild")
                .then().statusCode(200);
        assertEquals(List.of("D=6", "E=2", "C=1", "F=1"), top(world, 1, 5)); // rebuilt
        // the relay delivers the order's event late, after the rebuild had counted the order from the database
        Sale late = world.withProduct("E");
        publishPayment(world, new Sale(late.orderId(), late.paymentId(), late.paidAt(), late.units(),
                UUID.randomUUID().toString()));
        publishPayment(world, paidOrder(world, "01-13T02:40:00Z", Map.of("H", 1)));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertTrue(top(world, 1, 10).contains("H=1"), top(world, 1, 10).toString()));
        assertTrue(top(world, 1, 10).contains("E=2"));
    }

    @Test
    void badParametersAre400Problems() {
        for (String query : List.of("days=0", "days=31", "limit=0", "limit=51", "days=abc", "limit=1.5", "days=-1")) {
            given().when().get("/api/v1/products/popular?" + query)
                    .then().statusCode(400)
                    .contentType(startsWith("application/problem+json"))
                    .body("code", equalTo("VALIDATION_FAILED"));
        }
        given().when().get("/api/v1/products/popular").then().statusCode(200);
        given().when().post("/api/v1/admin/rankings/rebuild").then().statusCode(401);
        given().header("Authorization", Users.newUser().bearer()).when().post("/api/v1/admin/rankings/rebuild")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void theConsumersDoNotDecideReadiness() {
        String ready = given().when().get("/q/health/ready").then().statusCode(200).extract().asString();
        assertTrue(!ready.contains("ranking-payments") && !ready.contains("ranking-cancellations"), ready);
        String live = given().when().get("/q/health/live").then().statusCode(200).extract().asString();
        assertTrue(!live.contains("ranking-payments"), "Kafka is reported in the dependencies group only: " + live);
    }

    // ---- helpers

    /** The shown items that are this world's products, as "B=7". */
    private List<String> top(World world, int days, int limit) {
        JsonPath answer = popular(days, limit);
        List<String> shown = new ArrayList<>();
        List<Map<String, Object>> items = answer.getList("items");
        for (Map<String, Object> item : items) {
            long id = ((Number) item.get("productId")).longValue();
            String name = world.products.entrySet().stream().filter(e -> e.getValue() == id).map(Map.Entry::getKey)
                    .findFirst().orElse("#" + id);
            shown.add(name + "=" + item.get("soldQuantity"));
        }
        return shown;
    }

    private JsonPath popular(int days, int limit) {
        return given().queryParam("days", days).queryParam("limit", limit)
                .when().get("/api/v1/products/popular")
                .then().statusCode(200).extract().jsonPath();
    }

    private void deleteRankingKeys() {
        List<String> keys = redis.key().keys("fc:ranking:*");
        if (!keys.isEmpty()) {
            redis.key().del(keys.toArray(String[]::new));
        }
    }

    /** Waits until both consumers have their partitions, by publishing probes until one of each is seen. */
    private void awaitConsumersListening() {
        List<String> paymentProbes = new ArrayList<>();
        List<String> cancellationProbes = new ArrayList<>();
        long probeOrder = 9_000_000_000L;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String p = UUID.randomUUID().toString();
            String c = UUID.randomUUID().toString();
            paymentProbes.add(p);
            cancellationProbes.add(c);
            Instant at = Instant.parse("2029-01-01T00:00:00Z");
            send(KafkaTopics.paymentCompleted(), probeOrder, new PaymentCompleted(p, PaymentCompleted.TYPE, at,
                    probeOrder, userId, 1, 0, 0, List.of()));
            send(KafkaTopics.orderCancelled(), probeOrder, new OrderCancelled(c, OrderCancelled.TYPE, at, probeOrder,
                    userId, 0, 1L, at, List.of()));
            return paymentProbes.stream().anyMatch(id -> redis.key().exists("fc:ranking:seen:" + id))
                    && cancellationProbes.stream().anyMatch(id -> redis.key().exists("fc:ranking:seen:" + id));
        });
    }

    private void publishPayment(World world, Sale sale) throws Exception {
        send(KafkaTopics.paymentCompleted(), 0, new PaymentCompleted(sale.eventId(), PaymentCompleted.TYPE,
                sale.paidAt(), sale.orderId(), userId, sale.paymentId(), 1000, 0, items(world, sale)));
    }

    private void publishCancellation(World world, Sale sale) throws Exception {
        send(KafkaTopics.orderCancelled(), 0, new OrderCancelled(UUID.randomUUID().toString(), OrderCancelled.TYPE,
                sale.paidAt().plusSeconds(3600), sale.orderId(), userId, 1000, sale.paymentId(), sale.paidAt(),
                items(world, sale)));
    }

    private static List<LineItem> items(World world, Sale sale) {
        return sale.units().entrySet().stream()
                .map(e -> new LineItem(world.products.get(e.getKey()), e.getValue(), 1000)).toList();
    }

    /** Everything on one partition, so the events of a test arrive in the order they were sent. */
    private void send(String topic, long key, Object event) throws Exception {
        producer.send(new ProducerRecord<>(topic, 0, Long.toString(key), json.writeValueAsString(event))).get();
    }

    // ---- the orders, as the order and payment code writes them

    private Sale paidOrder(World world, String paidAt, Map<String, Integer> units) throws Exception {
        Instant at = world.at(paidAt);
        try (Connection c = primary.getConnection()) {
            long orderId;
            try (PreparedStatement order = c.prepareStatement("""
                    INSERT INTO customer_order (user_id, status, total_amount, discount_amount, pay_amount, created_at,
                        expires_at, paid_at, updated_at) VALUES (?, 'PAID', 1000, 0, 1000, ?, ?, ?, ?)""",
                    Statement.RETURN_GENERATED_KEYS)) {
                order.setLong(1, userId);
                order.setTimestamp(2, Timestamp.from(at.minusSeconds(60)));
                order.setTimestamp(3, Timestamp.from(at.plusSeconds(840)));
                order.setTimestamp(4, Timestamp.from(at));
                order.setTimestamp(5, Timestamp.from(at));
                order.executeUpdate();
                try (ResultSet keys = order.getGeneratedKeys()) {
                    keys.next();
                    orderId = keys.getLong(1);
                }
            }
            for (Map.Entry<String, Integer> line : units.entrySet()) {
                try (PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO order_line (order_id, product_id, product_name, unit_price, quantity)
                        VALUES (?, ?, ?, 1000, ?)""")) {
                    insert.setLong(1, orderId);
                    insert.setLong(2, world.products.get(line.getKey()));
                    insert.setString(3, "Ranked " + line.getKey());
                    insert.setInt(4, line.getValue());
                    insert.executeUpdate();
                }
            }
            long paymentId;
            try (PreparedStatement payment = c.prepareStatement("""
                    INSERT INTO payment (order_id, user_id, amount, status, paid_at) VALUES (?, ?, 1000, 'PAID', ?)""",
                    Statement.RETURN_GENERATED_KEYS)) {
                payment.setLong(1, orderId);
                payment.setLong(2, userId);
                payment.setTimestamp(3, Timestamp.from(at));
                payment.executeUpdate();
                try (ResultSet keys = payment.getGeneratedKeys()) {
                    keys.next();
                    paymentId = keys.getLong(1);
                }
            }
            Sale sale = new Sale(orderId, paymentId, at, units, UUID.randomUUID().toString());
            world.sales.put(orderId, sale);
            return sale;
        }
    }

    private void cancelInDatabase(Sale sale) throws Exception {
        try (Connection c = primary.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE customer_order SET status = 'CANCELLED', cancelled_at = paid_at WHERE id = " + sale.orderId());
            s.executeUpdate("UPDATE payment SET status = 'REFUNDED', refunded_at = paid_at WHERE order_id = " + sale.orderId());
        }
    }
}
