package com.flashcart.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flashcart.support.BatchCounters;
import com.flashcart.support.Catalog;
import com.flashcart.support.Concurrently;
import com.flashcart.support.Db;
import com.flashcart.support.Http;
import com.flashcart.support.Users;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Payments that arrive together commit together (PaymentBatches), and every one of them gets the answer it would have
 * had alone: its own payment, its own event, its key's one answer, its own refusal.
 */
@QuarkusTest
class PaymentBatchTest {

    private static final int CROWD = 40;
    private static final long PRICE = 1_000;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Db db;

    @Inject
    MeterRegistry metrics;

    BatchCounters counters;

    @BeforeEach
    void counters() {
        counters = new BatchCounters(metrics, "flashcart.payments");
    }

    @Inject
    ObjectMapper json;

    @Test
    void aCrowdsPaymentsCommitTogetherEachWithItsOwnPaymentAndEvent() throws Exception {
        Http http = new Http(base.toString());
        long product = Catalog.product("Batched mug", PRICE, CROWD);
        List<Users.SignedIn> buyers = Users.newUsers(CROWD);
        List<Long> orders = Concurrently.run(CROWD, i -> {
            assertEquals(200, charge(http, buyers.get(i), 3 * PRICE).status());
            return order(http, buyers.get(i), product);
        });
        double grouped = counters.grouped();
        double alone = counters.alone();
        double failed = counters.failed();

        // half of them under an Idempotency-Key, which a batch records as a lone payment would
        List<Http.Answer> paid = Concurrently.run(CROWD, i -> http.post("/api/v1/orders/" + orders.get(i) + "/payment",
                buyers.get(i).bearer(), null, i % 2 == 0 ? "pay-" + i : null));

        assertTrue(paid.stream().allMatch(a -> a.status() == 200), Http.statuses(paid));
        assertTrue(counters.grouped() > grouped,
                "the crowd's payments were grouped");
        assertEquals(alone, counters.alone(), "no payment went alone");
        assertEquals(failed, counters.failed(), "no batch failed");
        for (int i = 0; i < CROWD; i++) {
            JsonNode receipt = paid.get(i).json();
            long orderId = orders.get(i);
            assertEquals(orderId, receipt.get("orderId").asLong());
            assertEquals(PRICE, receipt.get("paidAmount").asLong());
            assertEquals(db.number("SELECT id FROM payment WHERE order_id = ?1", orderId),
                    receipt.get("paymentId").asLong(), "order " + orderId + "'s receipt names its own payment");
            JsonNode event = json.readTree(db.text("SELECT payload FROM outbox_event WHERE event_key = ?1"
                    + " AND event_type = 'PaymentCompleted'", Long.toString(orderId)));
            assertEquals(receipt.get("paymentId").asLong(), event.get("paymentId").asLong());
            assertEquals(buyers.get(i).id(), event.get("userId").asLong());
            assertEquals(product, event.get("items").get(0).get("productId").asLong());
            long userId = buyers.get(i).id();
            assertEquals(2 * PRICE, db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", userId));
            assertEquals(1, db.number("SELECT COUNT(*) FROM point_ledger WHERE user_id = ?1 AND type = 'USE'"
                    + " AND order_id = ?2 AND amount = ?3 AND balance_after = ?4", userId, orderId, PRICE, 2 * PRICE));
            assertEquals("PAID", db.text("SELECT status FROM customer_order WHERE id = ?1", orderId));
            if (i % 2 == 0) {
                Http.Answer again = http.post("/api/v1/orders/" + orderId + "/payment", buyers.get(i).bearer(), null,
                        "pay-" + i);
                assertEquals(paid.get(i).status() + " " + paid.get(i).body(), again.status() + " " + again.body(),
                        "a repeat of the key gets the batch's answer");
            }
        }
    }

    /**
     * A payment that would be refused (a balance short, an order not the user's) takes no part in its batch and goes
     * alone, to get its refusal; the others of its batch are paid there, and nothing is left behind for the refused.
     */
    @Test
    void refusalsInACrowdGetTheirOwnAnswersAndTheOthersArePaid() throws Exception {
        Http http = new Http(base.toString());
        long product = Catalog.product("Batched vase", PRICE, CROWD);
        List<Users.SignedIn> buyers = Users.newUsers(CROWD);
        // every third buyer has no points; every third pays an order that is not theirs
        List<Long> orders = Concurrently.run(CROWD, i -> {
            if (i % 3 != 0) {
                assertEquals(200, charge(http, buyers.get(i), PRICE).status());
            }
            return order(http, buyers.get(i), product);
        });
        double fallbacks = counters.alone();
        double failed = counters.failed();
        List<String> changed = orders.stream()
                .map(id -> db.text("SELECT CAST(updated_at AS CHAR) FROM customer_order WHERE id = ?1", id)).toList();

        List<Http.Answer> answers = Concurrently.run(CROWD, i -> http.post("/api/v1/orders/"
                + orders.get(i % 3 == 1 ? (i + 1) % CROWD : i) + "/payment", buyers.get(i).bearer(), null, null));

        for (int i = 0; i < CROWD; i++) {
            Http.Answer answer = answers.get(i);
            long userId = buyers.get(i).id();
            switch (i % 3) {
                case 0 -> {
                    assertEquals(409, answer.status(), answer.body());
                    assertEquals("INSUFFICIENT_POINTS", answer.json().get("code").asText());
                    assertEquals("PENDING_PAYMENT " + changed.get(i), db.text("SELECT CONCAT(status, ' ',"
                            + " CAST(updated_at AS CHAR)) FROM customer_order WHERE id = ?1", orders.get(i)),
                            "the order is as it was");
                }
                case 1 -> assertEquals(404, answer.status(), answer.body());
                default -> {
                    assertEquals(200, answer.status(), answer.body());
                    assertEquals(0, db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", userId));
                }
            }
            long spent = i % 3 == 2 ? PRICE : 0;
            assertEquals(spent, db.number("SELECT COALESCE(SUM(amount), 0) FROM point_ledger WHERE user_id = ?1"
                    + " AND type = 'USE'", userId), "buyer " + i);
            assertEquals(spent == 0 ? 0 : 1, db.number("SELECT COUNT(*) FROM payment WHERE user_id = ?1", userId));
        }
        long refused = IntStream.range(0, CROWD).filter(i -> i % 3 != 2).count();
        assertEquals(fallbacks + refused, counters.alone(), "the refused went alone, and only they");
        assertEquals(failed, counters.failed(), "no batch failed");
    }

    /** Each order paid twice at once, with no key: one payment each, the other request ORDER_NOT_PAYABLE. */
    @Test
    void doublePaymentsInACrowdPayEachOrderOnce() throws Exception {
        Http http = new Http(base.toString());
        long product = Catalog.product("Batched bowl", PRICE, CROWD / 2);
        List<Users.SignedIn> buyers = Users.newUsers(CROWD / 2);
        List<Long> orders = Concurrently.run(CROWD / 2, i -> {
            assertEquals(200, charge(http, buyers.get(i), 2 * PRICE).status());
            return order(http, buyers.get(i), product);
        });

        double alone = counters.alone();
        double failed = counters.failed();
        List<Http.Answer> answers = Concurrently.run(CROWD, i -> http.post("/api/v1/orders/" + orders.get(i / 2)
                + "/payment", buyers.get(i / 2).bearer(), null, null));

        for (int i = 0; i < CROWD / 2; i++) {
            List<Integer> statuses = List.of(answers.get(2 * i).status(), answers.get(2 * i + 1).status());
            assertTrue(statuses.contains(200) && statuses.contains(409), "order " + orders.get(i) + ": " + statuses);
            long userId = buyers.get(i).id();
            assertEquals(PRICE, db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", userId));
            assertEquals(1, db.number("SELECT COUNT(*) FROM payment WHERE order_id = ?1", orders.get(i)));
            assertEquals(1, db.number("SELECT COUNT(*) FROM point_ledger WHERE user_id = ?1 AND type = 'USE'",
                    userId));
        }
        assertEquals(alone + CROWD / 2, counters.alone(), "the second payment of each order went alone, and only it");
        assertEquals(failed, counters.failed(), "no batch failed");
    }

    private static Http.Answer charge(Http http, Users.SignedIn user, long amount) {
        return http.post("/api/v1/me/points/charges", user.bearer(), "{\"amount\":" + amount + "}", null);
    }

    private static long order(Http http, Users.SignedIn user, long product) {
        Http.Answer placed = http.post("/api/v1/orders", user.bearer(),
                "{\"items\":[{\"productId\":" + product + ",\"quantity\":1}]}", null);
        assertEquals(201, placed.status(), placed.body());
        return placed.json().get("id").asLong();
    }
}
