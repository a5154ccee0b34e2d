package com.flashcart.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashcart.support.BatchCounters;
import com.flashcart.support.Catalog;
import com.flashcart.support.Concurrently;
import com.flashcart.support.Db;
import com.flashcart.support.Http;
import com.flashcart.support.Users;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Orders that arrive together are placed together (OrderBatches), and every one of them gets the answer it would
 * have had alone: its own order and lines at the prices it saw, its own stock taken, its key's one answer, its own
 * refusal.
 */
@QuarkusTest
class OrderBatchTest {

    private static final int CROWD = 40;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Db db;

    @Inject
    RedisDataSource redis;

    @Inject
    MeterRegistry metrics;

    BatchCounters counters;

    @BeforeEach
    void counters() {
        counters = new BatchCounters(metrics, "flashcart.orders");
    }

    @Test
    void aCrowdsOrdersArePlacedTogetherEachWithItsOwnOrderAndLines() throws Exception {
        Http http = new Http(base.toString());
        // two products per order, every buyer a pair of their own: no product is contended
        List<Long> products = Concurrently.run(2 * CROWD, i -> Catalog.product("Batched plate " + i, 100 + i, 10));
        List<Users.SignedIn> buyers = Users.newUsers(CROWD);
        double batched = counters.grouped();
        double alone = counters.alone();
        double failed = counters.failed();

        // half of them under an Idempotency-Key, which a batch records as a lone order would
        List<Http.Answer> placed = Concurrently.run(CROWD, i -> http.post("/api/v1/orders", buyers.get(i).bearer(),
                order(products.get(2 * i), 2, products.get(2 * i + 1), 3), i % 2 == 0 ? "place-" + i : null));

        assertTrue(placed.stream().allMatch(a -> a.status() == 201), Http.statuses(placed));
        assertTrue(counters.grouped() > batched, "the crowd's orders were placed together");
        assertEquals(alone, counters.alone(), "no order went alone");
        assertEquals(failed, counters.failed(), "no batch failed");
        for (int i = 0; i < CROWD; i++) {
            JsonNode order = placed.get(i).json();
            long id = order.get("id").asLong();
            long first = products.get(2 * i);
            long second = products.get(2 * i + 1);
            long total = 2 * (100 + 2 * i) + 3 * (100 + 2 * i + 1);
            assertEquals("PENDING_PAYMENT " + total + " " + total, order.get("status").asText() + " "
                    + order.get("totalAmount").asLong() + " " + order.get("payAmount").asLong());
            assertEquals(buyers.get(i).id() + " PENDING_PAYMENT " + total, db.text("SELECT CONCAT(user_id, ' ',"
                    + " status, ' ', total_amount) FROM customer_order WHERE id = ?1", id), "order " + i + "'s own row");
            String firstLine = first + ":2:" + (100 + 2 * i);
            String secondLine = second + ":3:" + (100 + 2 * i + 1);
            assertEquals(first < second ? firstLine + "," + secondLine : secondLine + "," + firstLine,
                    db.text("SELECT GROUP_CONCAT(CONCAT(product_id, ':', quantity, ':', unit_price) ORDER BY product_id)"
                            + " FROM order_line WHERE order_id = ?1", id), "order " + i + "'s own lines");
            assertEquals("8 2", db.text("SELECT CONCAT(stock, ' ', held) FROM product WHERE id = ?1", first));
            assertEquals("7 3", db.text("SELECT CONCAT(stock, ' ', held) FROM product WHERE id = ?1", second));
            if (i % 2 == 0) {
                Http.Answer again = http.post("/api/v1/orders", buyers.get(i).bearer(),
                        order(first, 2, second, 3), "place-" + i);
                assertEquals(placed.get(i).status() + " " + placed.get(i).body(), again.status() + " " + again.body(),
                        "a repeat of the key gets the batch's answer");
                assertEquals("8 2", db.text("SELECT CONCAT(stock, ' ', held) FROM product WHERE id = ?1", first),
                        "and takes nothing again");
            }
        }
    }

    /**
     * The gate lets through orders the database then refuses (it believes in more units than there are): those take
     * nothing, go alone after their batch and get OUT_OF_STOCK; the others of the batch are placed.
     */
    @Test
    void ordersTheDatabaseRefusesGoAloneAndTheOthersArePlaced() throws Exception {
        Http http = new Http(base.toString());
        long scarce = Catalog.product("Batched scarce cup", 500, 5);
        long plenty = Catalog.product("Batched saucer", 50, 1_000);
        List<Users.SignedIn> buyers = Users.newUsers(CROWD);
        http.post("/api/v1/orders", buyers.get(0).bearer(), order(scarce, 1, plenty, 1), null); // loads the gate
        redis.value(String.class).set("fc:stock:{" + scarce + "}", "1000");
        double alone = counters.alone();

        List<Http.Answer> answers = Concurrently.run(CROWD - 1, i -> http.post("/api/v1/orders",
                buyers.get(i + 1).bearer(), order(scarce, 1, plenty, 1), "scarce-" + i));

        assertEquals(4, answers.stream().filter(a -> a.status() == 201).count(), Http.statuses(answers));
        assertEquals(CROWD - 5, answers.stream().filter(a -> a.status() == 409
                && a.json().get("code").asText().equals("OUT_OF_STOCK")).count(), Http.statuses(answers));
        // the first refusals come from the database, through a batch; the gate, told, refuses the rest itself
        assertTrue(counters.alone() > alone, "the orders the database refused went alone");
        assertEquals("0 5", db.text("SELECT CONCAT(stock, ' ', held) FROM product WHERE id = ?1", scarce));
        assertEquals("995 5", db.text("SELECT CONCAT(stock, ' ', held) FROM product WHERE id = ?1", plenty),
                "a refused order took none of its other line either");
        for (int i = 0; i < CROWD - 1; i++) {
            Http.Answer again = http.post("/api/v1/orders", buyers.get(i + 1).bearer(), order(scarce, 1, plenty, 1),
                    "scarce-" + i);
            assertEquals(answers.get(i).status() + " " + answers.get(i).body(), again.status() + " " + again.body(),
                    "each key keeps its answer, placed or refused");
        }
    }

    private static String order(long first, int firstUnits, long second, int secondUnits) {
        return "{\"items\":[{\"productId\":" + first + ",\"quantity\":" + firstUnits + "},{\"productId\":" + second
                + ",\"quantity\":" + secondUnits + "}]}";
    }
}
