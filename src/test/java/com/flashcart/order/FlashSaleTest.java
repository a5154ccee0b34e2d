package com.flashcart.order;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.flashcart.catalog.StockGateConfig;
import com.flashcart.support.Catalog;
import com.flashcart.support.Concurrently;
import com.flashcart.support.Db;
import com.flashcart.support.Http;
import com.flashcart.support.Users;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * One hot product sold out by a crowd (see catalog.StockGate): exactly its stock is sold, whatever the gate in
 * Redis believes, and units that come back are sold again.
 */
@QuarkusTest
class FlashSaleTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Db db;

    @Inject
    RedisDataSource redis;

    @Inject
    OrderExpiry expiry;

    @Inject
    StockGateConfig gateConfig;

    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    @Inject
    OrderService orders;

    @Test
    void aCrowdBuysExactlyTheStockAndTheRestIsRefused() throws Exception {
        long product = Catalog.product("Flash kettle", 1_000, 40);
        List<Users.SignedIn> crowd = Users.newUsers(160);
        Http http = new Http(base.toString());
        double grouped = metrics.counter("flashcart.orders.hot.grouped").count();
        List<Http.Answer> answers = Concurrently.run(crowd.size(), i -> http.post("/api/v1/orders", crowd.get(i).bearer(),
                order(product, 1), i % 2 == 0 ? "flash-" + i : null));
        assertEquals(40, count(answers, 201), Http.statuses(answers));
        assertEquals(120, count(answers, 409), Http.statuses(answers));
        assertTrue(answers.stream().filter(a -> a.status() == 409)
                .allMatch(a -> a.json().get("code").asText().equals("OUT_OF_STOCK")));
        assertSold(product, 40, 40);
        assertEquals("0", redis.value(String.class).get(gateKey(product)));
        assertTrue(metrics.counter("flashcart.orders.hot.grouped").count() > grouped, "the crowd's orders were grouped");
        assertEquals(0, orders.productsWithOrdersInFlight(), "the instance forgets a product once its orders are answered");
    }

    /**
     * A gate that says yes while the database says no (here: it believes in 100 units more than there are, and is
     * dropped and reloaded in the middle of the sale) only costs refusals: the database sells exactly its stock.
     */
    @Test
    void aWrongOrLostGateNeverOversells() throws Exception {
        long product = Catalog.product("Flash lamp", 1_000, 30);
        List<Users.SignedIn> crowd = Users.newUsers(150);
        Http http = new Http(base.toString());
        order(http, crowd.get(0), product, null);
        redis.value(String.class).set(gateKey(product), "129");
        List<Http.Answer> answers = Concurrently.run(crowd.size() - 1, i -> {
            if (i == 60) {
                redis.key().del(gateKey(product));
            }
            return http.post("/api/v1/orders", crowd.get(i + 1).bearer(), order(product, 1), null);
        });
        assertEquals(29, count(answers, 201), Http.statuses(answers));
        assertEquals(120, count(answers, 409), Http.statuses(answers));
        assertSold(product, 30, 30);
    }

    @Test
    void unitsThatComeBackAreSoldAgain() throws Exception {
        long product = Catalog.product("Flash vase", 1_000, 2);
        List<Users.SignedIn> buyers = Users.newUsers(4);
        Http http = new Http(base.toString());
        long cancelled = order(http, buyers.get(0), product, null).json().get("id").asLong();
        long expired = order(http, buyers.get(1), product, null).json().get("id").asLong();
        assertEquals(409, order(http, buyers.get(2), product, null).status(), "sold out");

        given().header("Authorization", buyers.get(0).bearer()).post("/api/v1/orders/{id}/cancel", cancelled)
                .then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> order(http, buyers.get(2), product, null).status() == 201);

        db.update("UPDATE customer_order SET expires_at = ?1 WHERE id = ?2", Instant.now().minusSeconds(1), expired);
        expiry.expireDue();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> order(http, buyers.get(3), product, null).status() == 201);
        assertSold(product, 2, 2);
    }

    /** An admin's change of stock reaches the gate: what was sold out sells again. */
    @Test
    void anAdminRestockSellsAtOnce() throws Exception {
        List<Users.SignedIn> buyers = Users.newUsers(2);
        Http http = new Http(base.toString());
        long product = soldOut("Flash mug", http, buyers.get(0));
        assertEquals(409, order(http, buyers.get(1), product, null).status());
        given().header("Authorization", Catalog.admin()).contentType(ContentType.JSON).body(Map.of("stockDelta", 1))
                .patch("/api/v1/admin/products/{id}", product).then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> order(http, buyers.get(1), product, null).status() == 201);
    }

    /** Repeats of one key take one unit, and a refusal by the gate stays the key's answer after units come back. */
    @Test
    void repeatsOfAKeyTakeOneUnitAndKeepTheirAnswer() throws Exception {
        long product = Catalog.product("Flash teapot", 1_000, 5);
        Users.SignedIn buyer = Users.newUser();
        Http http = new Http(base.toString());
        List<Http.Answer> repeats = Concurrently.run(20, i -> order(http, buyer, product, "one-order"));
        assertEquals(1, repeats.stream().map(a -> a.status() + a.body()).collect(Collectors.toSet()).size(),
                Http.statuses(repeats));
        assertEquals(201, repeats.get(0).status());
        assertSold(product, 1, 5);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "4".equals(redis.value(String.class).get(gateKey(product))));

        Users.SignedIn late = Users.newUser();
        for (Users.SignedIn early : Users.newUsers(4)) {
            assertEquals(201, order(http, early, product, null).status());
        }
        Http.Answer refused = order(http, late, product, "late-order");
        assertEquals(409, refused.status());
        given().header("Authorization", Catalog.admin()).contentType(ContentType.JSON).body(Map.of("stockDelta", 5))
                .patch("/api/v1/admin/products/{id}", product).then().statusCode(200);
        Http.Answer repeated = order(http, late, product, "late-order");
        assertEquals(refused.status() + refused.body(), repeated.status() + repeated.body(), "the same answer");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> order(http, late, product, "another-order").status() == 201);
    }

    /**
     * A refusal by the gate is on record when it is answered: once the gate has forgotten the key (its mark expired,
     * or Redis lost it), the database keeps answering the refusal, also when units came back; the same key with
     * another body is 422 before and after.
     */
    @Test
    void aRefusalByTheGateIsRecordedAsTheKeysAnswer() throws Exception {
        List<Users.SignedIn> buyers = Users.newUsers(2);
        Users.SignedIn late = buyers.get(1);
        Http http = new Http(base.toString());
        long product = soldOut("Flash clock", http, buyers.get(0));
        Http.Answer refused = order(http, late, product, "late-clock");
        assertEquals(409, refused.status(), refused.body());
        assertEquals(refused.body(), db.text("SELECT response_body FROM idempotency_record WHERE user_id = ?1"
                + " AND idem_key = 'late-clock'", late.id()), "on record when answered");
        assertEquals(422, http.post("/api/v1/orders", late.bearer(), order(product, 2), "late-clock").status());

        redis.key().del(markKey(late, "late-clock"));
        given().header("Authorization", Catalog.admin()).contentType(ContentType.JSON).body(Map.of("stockDelta", 1))
                .patch("/api/v1/admin/products/{id}", product).then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !"0".equals(redis.value(String.class).get(gateKey(product))));
        Http.Answer repeated = order(http, late, product, "late-clock");
        assertEquals(refused.status() + refused.body(), repeated.status() + repeated.body(), "the recorded answer");
        assertEquals(422, http.post("/api/v1/orders", late.bearer(), order(product, 2), "late-clock").status());
        assertSold(product, 1, 2);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> order(http, late, product, null).status() == 201);
        assertSold(product, 2, 2);
    }

    /**
     * Refusals of a sold-out product arriving together, each key three times at once (its repeats race into the
     * same batches of claims or the next ones): every request of a key gets the same 409, each key has exactly that
     * answer on record, and the key with another body is 422.
     */
    @Test
    void concurrentRepeatsOfRefusedKeysGetOneRecordedAnswer() throws Exception {
        List<Users.SignedIn> crowd = Users.newUsers(21);
        Http http = new Http(base.toString());
        long product = soldOut("Flash fan", http, crowd.get(0));
        List<Http.Answer> answers = Concurrently.run(60, i -> order(http, crowd.get(1 + i / 3), product, "fan"));
        assertEquals(60, count(answers, 409), Http.statuses(answers));
        for (int user = 0; user < 20; user++) {
            Users.SignedIn buyer = crowd.get(1 + user);
            String body = answers.get(3 * user).body();
            assertEquals(body, answers.get(3 * user + 1).body());
            assertEquals(body, answers.get(3 * user + 2).body());
            assertEquals(body, db.text("SELECT response_body FROM idempotency_record WHERE user_id = ?1"
                    + " AND idem_key = 'fan'", buyer.id()), "the answer on record");
            assertEquals(422, http.post("/api/v1/orders", buyer.bearer(), order(product, 2), "fan").status());
        }
        assertSold(product, 1, 1);
    }

    /** A key whose order was placed keeps that answer after the sell-out, when the gate has forgotten the key. */
    @Test
    void aPlacedOrdersKeyKeepsItsAnswerAfterTheSellOut() throws Exception {
        long product = Catalog.product("Flash bell", 1_000, 2);
        List<Users.SignedIn> buyers = Users.newUsers(2);
        Users.SignedIn first = buyers.get(0);
        Http http = new Http(base.toString());
        Http.Answer placed = order(http, first, product, "bell");
        assertEquals(201, placed.status(), placed.body());
        assertEquals(201, order(http, buyers.get(1), product, null).status());
        redis.key().del(markKey(first, "bell"));

        Http.Answer repeated = order(http, first, product, "bell");
        assertEquals(placed.status() + placed.body(), repeated.status() + repeated.body(), "the placed order again");
        assertEquals(422, http.post("/api/v1/orders", first.bearer(), order(product, 2), "bell").status());
        // the other body first: the gate marks the key refused for it, and the placed order is still the key's answer
        redis.key().del(markKey(first, "bell"));
        assertEquals(422, http.post("/api/v1/orders", first.bearer(), order(product, 2), "bell").status());
        Http.Answer again = order(http, first, product, "bell");
        assertEquals(placed.status() + placed.body(), again.status() + again.body(), "the placed order once more");
        assertEquals(409, order(http, first, product, "bell-2").status(), "sold out for a new key");
        assertSold(product, 2, 2);
    }

    /**
     * A counter that lost units (a give-back that never arrived) refuses while it is young; once it was loaded
     * {@code reload-after} ago, a refusal reads the database first, and the order is served. A counter that serves
     * orders lives on without being read again.
     */
    @Test
    void aRefusalReadsAnOldCounterAgainFirst() throws Exception {
        long product = Catalog.product("Flash clock", 1_000, 3);
        List<Users.SignedIn> buyers = Users.newUsers(2);
        Http http = new Http(base.toString());
        assertEquals(201, order(http, buyers.get(0), product, null).status());
        long ttl = redis.key().pttl(gateKey(product));
        assertTrue(ttl > gateConfig.reloadAfter().toMillis(), "a loaded counter lives on: " + ttl + " ms left");

        redis.value(String.class).set(gateKey(product), "0", new SetArgs().keepttl());
        loadedAgo(product, Duration.ZERO);
        assertEquals(409, order(http, buyers.get(1), product, null).status(), "a young counter decides alone");
        loadedAgo(product, gateConfig.reloadAfter().plusSeconds(1));
        Http.Answer served = order(http, buyers.get(1), product, null);
        assertEquals(201, served.status(), served.body());
        assertEquals("1", redis.value(String.class).get(gateKey(product)), "loaded again: 2 units, 1 taken");
        assertSold(product, 2, 3);
    }

    /**
     * When the database refuses an order the gate let through, a young counter gets the units back (its excess
     * is a bounded margin), and one loaded {@code reload-after} ago is dropped and loaded again.
     */
    @Test
    void aCounterTheDatabaseContradictsIsReadAgainOnceOld() throws Exception {
        List<Users.SignedIn> buyers = Users.newUsers(3);
        Http http = new Http(base.toString());
        long product = soldOut("Flash fan", http, buyers.get(0));

        redis.value(String.class).set(gateKey(product), "2", new SetArgs().keepttl());
        loadedAgo(product, Duration.ZERO);
        assertEquals(409, order(http, buyers.get(1), product, null).status());
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> "2".equals(redis.value(String.class).get(gateKey(product))));

        loadedAgo(product, gateConfig.reloadAfter().plusSeconds(1));
        assertEquals(409, order(http, buyers.get(2), product, null).status());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !redis.key().exists(gateKey(product)));
        assertEquals(409, order(http, buyers.get(2), product, null).status());
        assertEquals("0", redis.value(String.class).get(gateKey(product)), "loaded again from the database");
        assertSold(product, 1, 1);
    }

    /** A new product of one unit, which {@code buyer} has just bought: sold out, in the database and the gate. */
    private static long soldOut(String name, Http http, Users.SignedIn buyer) {
        long product = Catalog.product(name, 1_000, 1);
        assertEquals(201, order(http, buyer, product, null).status());
        return product;
    }

    /** Makes the product's counter look loaded {@code ago} (its age is what its TTL has lost since the load). */
    private void loadedAgo(long product, Duration ago) {
        assertTrue(redis.key().pexpire(gateKey(product), gateConfig.keepFor().minus(ago).toMillis()));
    }

    /** {@code sold} orders hold the product, {@code held} units are held, and no unit was made or lost. */
    private void assertSold(long product, int sold, int units) {
        assertEquals(sold, db.number("""
                SELECT COUNT(*) FROM order_line l JOIN customer_order o ON o.id = l.order_id
                WHERE l.product_id = ?1 AND o.status IN ('PENDING_PAYMENT', 'PAID')""", product));
        assertEquals(sold, db.number("SELECT held FROM product WHERE id = ?1", product));
        assertEquals(units, db.number("SELECT stock + held FROM product WHERE id = ?1", product));
    }

    private static Http.Answer order(Http http, Users.SignedIn user, long product, String key) {
        return http.post("/api/v1/orders", user.bearer(), order(product, 1), key);
    }

    private static String order(long product, int quantity) {
        return "{\"items\":[{\"productId\":" + product + ",\"quantity\":" + quantity + "}]}";
    }

    private static long count(List<Http.Answer> answers, int status) {
        return answers.stream().filter(a -> a.status() == status).count();
    }


    private static String markKey(Users.SignedIn user, String key) {
        return "fc:order-key:" + user.id() + ":" + key;
    }

    private static String gateKey(long product) {
        return "fc:stock:{" + product + "}";
    }

}
