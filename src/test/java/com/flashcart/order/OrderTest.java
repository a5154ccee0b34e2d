package com.flashcart.order;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.flashcart.catalog.LocalCatalog;
import com.flashcart.catalog.ProductCatalog;
import com.flashcart.support.Catalog;
import com.flashcart.support.Concurrently;
import com.flashcart.support.Db;
import com.flashcart.support.Http;
import com.flashcart.support.LocalInfra;
import com.flashcart.support.Users;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Orders and payment with points on the primary (shared/API.md, "Orders and payment"). */
@QuarkusTest
class OrderTest {

    private static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/")
    URL base;

    @Inject
    Db db;

    @Inject
    OrderExpiry expiry;

    @Inject
    LocalCatalog catalog;

    @Test
    void anOrderReservesStockAndCopiesPrices() {
        Users.SignedIn user = Users.newUser();
        long kettle = Catalog.product("Kettle", 30_000, 10);
        long mug = Catalog.product("Mug", 7_500, 10);
        var created = place(user, null, line(mug, 2), line(kettle, 1))
                .then().statusCode(201)
                .body("status", equalTo("PENDING_PAYMENT"))
                .body("items", hasSize(2))
                .body("totalAmount", equalTo(45_000))
                .body("discountAmount", equalTo(0))
                .body("payAmount", equalTo(45_000))
                .body("createdAt", notNullValue())
                .body("expiresAt", notNullValue())
                .extract();
        List<Map<String, Object>> items = created.path("items");
        Map<Object, Map<String, Object>> byProduct = items.stream()
                .collect(Collectors.toMap(i -> ((Number) i.get("productId")).longValue(), i -> i));
        assertEquals("Kettle", byProduct.get(kettle).get("name"));
        assertEquals(30_000, byProduct.get(kettle).get("unitPrice"));
        assertEquals(2, byProduct.get(mug).get("quantity"));
        Instant createdAt = Instant.parse(created.path("createdAt"));
        Instant expiresAt = Instant.parse(created.path("expiresAt"));
        assertEquals(Duration.ofMinutes(15), Duration.between(createdAt, expiresAt));
        assertEquals(9, stock(kettle));
        assertEquals(8, stock(mug));

        // a later price change does not rewrite the order
        given().header("Authorization", Catalog.admin()).contentType(ContentType.JSON).body(Map.of("price", 99_000))
                .patch("/api/v1/admin/products/{id}", kettle).then().statusCode(200).body("price", equalTo(99_000));
        long orderId = ((Number) created.path("id")).longValue();
        given().header("Authorization", user.bearer()).get("/api/v1/orders/{id}", orderId)
                .then().statusCode(200).body("totalAmount", equalTo(45_000));
    }

    /**
     * An order is placed at the database's price and name, also when this instance's copy of the product is behind
     * (a single line tries one update at the copy's price and name first): here the copy is pinned at a version
     * no change can replace.
     */
    @Test
    void aCopyBehindTheDatabaseNeverPricesAnOrder() {
        Users.SignedIn user = Users.newUser();
        long lamp = Catalog.product("Desk lamp", 5_000, 10);
        db.update("UPDATE product SET price = 7000, name = 'Desk Lamp' WHERE id = ?1", lamp);
        try {
            catalog.offer(new ProductCatalog.ProductData(lamp, "Desk lamp", "for a test", 5_000, 10, Long.MAX_VALUE));
            place(user, null, line(lamp, 2)).then().statusCode(201)
                    .body("totalAmount", equalTo(14_000)).body("items[0].name", equalTo("Desk Lamp"));
            // the same price, a name that differs in case only: the copy's name is not the product's either
            catalog.forget(lamp);
            catalog.offer(new ProductCatalog.ProductData(lamp, "Desk lamp", "for a test", 7_000, 8, Long.MAX_VALUE));
            place(user, null, line(lamp, 1)).then().statusCode(201)
                    .body("totalAmount", equalTo(7_000)).body("items[0].name", equalTo("Desk Lamp"));
        } finally {
            catalog.forget(lamp);
        }
        assertEquals(7, stock(lamp));
    }

    /**
     * Lines are taken at the copy's prices all together or not at all: a line whose copy is behind, or that is short,
     * leaves the other lines' stock untouched, so the locking read that then decides takes each unit once.
     */
    @Test
    void aCopyBehindOnOneLineTakesNoLineTwice() {
        Users.SignedIn user = Users.newUser();
        long mug = Catalog.product("Steady mug", 1_000, 10);
        long vase = Catalog.product("Vase", 3_000, 10);
        long bowl = Catalog.product("Bowl", 2_000, 2);
        db.update("UPDATE product SET price = 3500 WHERE id = ?1", vase);
        try {
            catalog.offer(new ProductCatalog.ProductData(mug, "Steady mug", "for a test", 1_000, 10, Long.MAX_VALUE));
            catalog.offer(new ProductCatalog.ProductData(vase, "Vase", "for a test", 3_000, 10, Long.MAX_VALUE));
            catalog.offer(new ProductCatalog.ProductData(bowl, "Bowl", "for a test", 2_000, 2, Long.MAX_VALUE));
            place(user, null, line(mug, 2), line(vase, 1)).then().statusCode(201)
                    .body("totalAmount", equalTo(2 * 1_000 + 3_500));
            // the stock gate counts a bowl still, and so does the copy; the database has none
            place(user, null, line(bowl, 1)).then().statusCode(201);
            db.update("UPDATE product SET stock = 0 WHERE id = ?1", bowl);
            place(user, null, line(mug, 3), line(bowl, 1)).then().statusCode(409)
                    .body("code", equalTo("OUT_OF_STOCK"));
        } finally {
            catalog.forget(mug);
            catalog.forget(vase);
            catalog.forget(bowl);
        }
        assertEquals(8, stock(mug));
        assertEquals(9, stock(vase));
        assertEquals(0, stock(bowl));
    }

    /** A body of unknown length (chunked) is read as any other: the size limit counts it, nothing more. */
    @Test
    void aChunkedOrderIsPlaced() {
        Users.SignedIn user = Users.newUser();
        long lamp = Catalog.product("Chunked lamp", 4_000, 5);
        Http.Answer placed = new Http(base.toString()).postChunked("/api/v1/orders", user.bearer(),
                "{\"items\":[{\"productId\":" + lamp + ",\"quantity\":2}]}");
        assertEquals(201, placed.status(), placed.body());
        assertEquals(8_000, placed.json().get("totalAmount").asLong());
        assertEquals(3, stock(lamp));
    }

    @Test
    void fiftyInStockThreeHundredBuyersFiftyOrders() throws Exception {
        long product = Catalog.product("Flash deal", 1_000, 50);
        List<Users.SignedIn> buyers = Users.newUsers(300);
        Http http = new Http(base.toString());
        String body = "{\"items\":[{\"productId\":" + product + ",\"quantity\":1}]}";
        List<Http.Answer> answers = Concurrently.run(300, i -> http.post("/api/v1/orders", buyers.get(i).bearer(), body, null));
        Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(Http.Answer::status, Collectors.counting()));
        assertEquals(50L, byStatus.get(201), byStatus.toString());
        assertEquals(250L, byStatus.get(409), byStatus.toString());
        assertTrue(answers.stream().filter(a -> a.status() == 409)
                .allMatch(a -> a.json().get("code").asText().equals("OUT_OF_STOCK")));
        assertEquals(0, stock(product));
        assertEquals(50, db.number("SELECT SUM(quantity) FROM order_line WHERE product_id = ?1", product));
    }

    @Test
    void oppositeLineOrdersNeverDeadlockTheClient() throws Exception {
        long a = Catalog.product("Left", 100, 10_000);
        long b = Catalog.product("Right", 100, 10_000);
        Users.SignedIn user = Users.newUser();
        Http http = new Http(base.toString());
        List<Http.Answer> answers = Concurrently.run(100, i -> http.post("/api/v1/orders", user.bearer(), i % 2 == 0
                ? "{\"items\":[{\"productId\":" + a + ",\"quantity\":3},{\"productId\":" + b + ",\"quantity\":2}]}"
                : "{\"items\":[{\"productId\":" + b + ",\"quantity\":2},{\"productId\":" + a + ",\"quantity\":3}]}", null));
        assertTrue(answers.stream().allMatch(x -> x.status() == 201), answers.stream().map(Http.Answer::status).toList().toString());
        assertEquals(10_000 - 300, stock(a));
        assertEquals(10_000 - 200, stock(b));
    }

    @Test
    void concurrentPaymentsOfOneOrderPayOnce() throws Exception {
        Users.SignedIn user = Users.newUser();
        charge(user, 100_000);
        long product = Catalog.product("Once", 12_000, 5);
        long orderId = orderOf(user, product, 1);
        Http http = new Http(base.toString());
        // ten repeats with one key, ten with their own keys
        List<Http.Answer> answers = Concurrently.run(20, i ->
                http.post("/api/v1/orders/" + orderId + "/payment", user.bearer(), null, i < 10 ? "pay-" + orderId : "pay-" + orderId + "-" + i));
        long ok = answers.stream().filter(x -> x.status() == 200).count();
        assertTrue(ok >= 1, answers.toString());
        assertTrue(answers.stream().allMatch(x -> x.status() == 200 || x.status() == 409
                && x.json().get("code").asText().equals("ORDER_NOT_PAYABLE")), answers.toString());
        assertEquals(1, answers.stream().filter(x -> x.status() == 200).map(x -> x.json().get("paymentId").asLong()).distinct().count());
        assertEquals(1, db.number("SELECT COUNT(*) FROM payment WHERE order_id = ?1", orderId));
        assertEquals(100_000 - 12_000, balance(user));
        assertEquals(1, db.number("SELECT COUNT(*) FROM point_ledger WHERE order_id = ?1 AND type = 'USE'", orderId));
        assertEquals(1, db.number("SELECT COUNT(*) FROM outbox_event WHERE event_key = ?1 AND event_type = 'PaymentCompleted'",
                Long.toString(orderId)));
        given().header("Authorization", user.bearer()).get("/api/v1/orders/{id}", orderId)
                .then().statusCode(200).body("status", equalTo("PAID")).body("paidAt", notNullValue());
    }

    @Test
    void paymentAnswersTheContractAndWritesTheEvent() {
        Users.SignedIn user = Users.newUser();
        charge(user, 50_000);
        long product = Catalog.product("Evented", 4_000, 5);
        long orderId = orderOf(user, product, 3);
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/orders/{id}/payment", orderId)
                .then().statusCode(200)
                .body("orderId", equalTo((int) orderId))
                .body("paymentId", notNullValue())
                .body("status", equalTo("PAID"))
                .body("paidAmount", equalTo(12_000))
                .body("paidAt", notNullValue());
        String payload = db.text("SELECT payload FROM outbox_event WHERE event_key = ?1 AND event_type = 'PaymentCompleted'",
                Long.toString(orderId));
        assertTrue(payload.contains("\"type\":\"PaymentCompleted\""), payload);
        assertTrue(payload.contains("\"paidAmount\":12000"), payload);
        assertTrue(payload.contains("\"items\":[{\"productId\":" + product + ",\"quantity\":3,\"unitPrice\":4000}]"), payload);
        given().header("Authorization", user.bearer()).post("/api/v1/orders/{id}/payment", orderId)
                .then().statusCode(409).contentType(startsWith(PROBLEM)).body("code", equalTo("ORDER_NOT_PAYABLE"));
    }

    @Test
    void tooFewPointsChangesNothing() {
        Users.SignedIn user = Users.newUser();
        charge(user, 1_000);
        long product = Catalog.product("Dear", 5_000, 5);
        long orderId = orderOf(user, product, 1);
        given().header("Authorization", user.bearer()).post("/api/v1/orders/{id}/payment", orderId)
                .then().statusCode(409).contentType(startsWith(PROBLEM)).body("code", equalTo("INSUFFICIENT_POINTS"));
        assertEquals(1_000, balance(user));
        assertEquals("PENDING_PAYMENT", db.text("SELECT status FROM customer_order WHERE id = ?1", orderId));
        assertEquals(0, db.number("SELECT COUNT(*) FROM payment WHERE order_id = ?1", orderId));
        assertEquals(0, db.number("SELECT COUNT(*) FROM outbox_event WHERE event_key = ?1", Long.toString(orderId)));
    }

    @Test
    void cancellingAPaidOrderRefundsAndGivesEverythingBack() {
        Users.SignedIn user = Users.newUser();
        charge(user, 100_000);
        long product = Catalog.product("Returnable", 10_000, 5);
        long couponId = db.giveCoupon(user.id(), "RATE", 10, Instant.now().plus(Duration.ofDays(1)));
        long orderId = ((Number) place(user, couponId, line(product, 2)).then().statusCode(201)
                .body("discountAmount", equalTo(2_000)).body("payAmount", equalTo(18_000))
                .extract().path("id")).longValue();
        given().header("Authorization", user.bearer()).post("/api/v1/orders/{id}/payment", orderId).then().statusCode(200);
        assertEquals("USED", db.text("SELECT status FROM user_coupon WHERE id = ?1", couponId));
        assertEquals(82_000, balance(user));

        given().header("Authorization", user.bearer()).post("/api/v1/orders/{id}/cancel", orderId)
                .then().statusCode(200).body("id", equalTo((int) orderId)).body("status", equalTo("CANCELLED"));
        assertEquals(100_000, balance(user));
        assertEquals(5, stock(product));
        assertEquals("AVAILABLE", db.text("SELECT status FROM user_coupon WHERE id = ?1", couponId));
        assertEquals(0, db.number("SELECT COUNT(*) FROM user_coupon WHERE id = ?1 AND order_id IS NOT NULL", couponId));
        assertEquals(18_000, db.number("SELECT amount FROM point_ledger WHERE order_id = ?1 AND type = 'REFUND'", orderId));
        assertEquals("REFUNDED", db.text("SELECT status FROM payment WHERE order_id = ?1", orderId));
        String payload = db.text("SELECT payload FROM outbox_event WHERE event_key = ?1 AND event_type = 'OrderCancelled'",
                Long.toString(orderId));
        assertTrue(payload.contains("\"refundedAmount\":18000"), payload);
        given().header("Authorization", user.bearer()).post("/api/v1/orders/{id}/cancel", orderId)
                .then().statusCode(409).body("code", equalTo("ORDER_NOT_CANCELLABLE"));
        // the coupon is usable again
        place(user, couponId, line(product, 1)).then().statusCode(201).body("discountAmount", equalTo(1_000));
    }

    @Test
    void cancellingAPendingOrderGivesStockAndCouponBack() {
        Users.SignedIn user = Users.newUser();
        long product = Catalog.product("Undecided", 3_000, 4);
        long couponId = db.giveCoupon(user.id(), "FIXED", 5_000, Instant.now().plus(Duration.ofDays(1)));
        long orderId = ((Number) place(user, couponId, line(product, 4)).then().statusCode(201)
                .body("totalAmount", equalTo(12_000)).body("discountAmount", equalTo(5_000)).body("payAmount", equalTo(7_000))
                .extract().path("id")).longValue();
        assertEquals(0, stock(product));
        given().header("Authorization", user.bearer()).post("/api/v1/orders/{id}/cancel", orderId)
                .then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertEquals(4, stock(product));
        assertEquals(0, db.number("SELECT COUNT(*) FROM user_coupon WHERE id = ?1 AND order_id IS NOT NULL", couponId));
        assertEquals(0, db.number("SELECT COUNT(*) FROM point_ledger WHERE order_id = ?1", orderId));
    }

    @Test
    void couponsThatCannotBeUsedAre409AndReserveNothing() {
        Users.SignedIn user = Users.newUser();
        Users.SignedIn other = Users.newUser();
        long product = Catalog.product("Couponed", 10_000, 10);
        long expired = db.giveCoupon(user.id(), "FIXED", 1_000, Instant.now().minus(Duration.ofHours(1)));
        long foreign = db.giveCoupon(other.id(), "FIXED", 1_000, Instant.now().plus(Duration.ofDays(1)));
        long used = db.giveCoupon(user.id(), "FIXED", 1_000, Instant.now().plus(Duration.ofDays(1)));
        db.update("UPDATE user_coupon SET status = 'USED' WHERE id = ?1", used);
        for (long coupon : new long[] { expired, foreign, used, 987_654_321L }) {
            place(user, coupon, line(product, 1)).then().statusCode(409)
                    .contentType(startsWith(PROBLEM)).body("code", equalTo("COUPON_NOT_USABLE"));
        }
        assertEquals(10, stock(product));
        // a coupon reserved by one pending order cannot go on a second
        long fine = db.giveCoupon(user.id(), "RATE", 100, Instant.now().plus(Duration.ofDays(1)));
        place(user, fine, line(product, 1)).then().statusCode(201).body("payAmount", equalTo(0));
        place(user, fine, line(product, 1)).then().statusCode(409).body("code", equalTo("COUPON_NOT_USABLE"));
        assertEquals(9, stock(product));
    }

    @Test
    void unpaidOrdersExpireOnceAndGiveStockAndCouponBack() throws Exception {
        Users.SignedIn user = Users.newUser();
        long product = Catalog.product("Forgotten", 2_000, 10);
        long couponId = db.giveCoupon(user.id(), "FIXED", 500, Instant.now().plus(Duration.ofDays(1)));
        List<Long> orders = new ArrayList<>();
        orders.add(((Number) place(user, couponId, line(product, 3)).then().statusCode(201).extract().path("id")).longValue());
        for (int i = 0; i < 4; i++) {
            orders.add(orderOf(user, product, 1));
        }
        assertEquals(3, stock(product));
        // their payment window ends: moved back in the database, so no other test's orders fall due with them
        for (long orderId : orders) {
            db.update("UPDATE customer_order SET expires_at = ?1 WHERE id = ?2", Instant.now().minusSeconds(1), orderId);
        }
        // too late to pay, even before the sweep ran
        given().header("Authorization", user.bearer()).post("/api/v1/orders/{id}/payment", orders.get(1))
                .then().statusCode(409).body("code", equalTo("ORDER_NOT_PAYABLE"));
        // two sweeps at once (two instances); the scheduled sweep is off in tests (%test), so these are all
        List<Integer> expired = Concurrently.run(2, i -> expiry.expireDue());
        assertEquals(orders.size(), expired.stream().mapToInt(Integer::intValue).sum(), expired.toString());
        for (long orderId : orders) {
            assertEquals("EXPIRED", db.text("SELECT status FROM customer_order WHERE id = ?1", orderId));
        }
        assertEquals(10, stock(product), "every unit back exactly once");
        assertEquals(0, db.number("SELECT COUNT(*) FROM user_coupon WHERE id = ?1 AND order_id IS NOT NULL", couponId));
        given().header("Authorization", user.bearer()).post("/api/v1/orders/{id}/cancel", orders.get(0))
                .then().statusCode(409).body("code", equalTo("ORDER_NOT_CANCELLABLE"));
    }

    @Test
    void anotherUsersOrderIsNotFound() {
        Users.SignedIn owner = Users.newUser();
        Users.SignedIn stranger = Users.newUser();
        charge(stranger, 100_000);
        long product = Catalog.product("Private", 1_000, 5);
        long orderId = orderOf(owner, product, 1);
        for (var call : List.<Runnable> of(
                () -> given().header("Authorization", stranger.bearer()).get("/api/v1/orders/{id}", orderId)
                        .then().statusCode(404).contentType(startsWith(PROBLEM)).body("code", equalTo("NOT_FOUND")),
                () -> given().header("Authorization", stranger.bearer()).post("/api/v1/orders/{id}/payment", orderId)
                        .then().statusCode(404).body("code", equalTo("NOT_FOUND")),
                () -> given().header("Authorization", stranger.bearer()).post("/api/v1/orders/{id}/cancel", orderId)
                        .then().statusCode(404).body("code", equalTo("NOT_FOUND")))) {
            call.run();
        }
        assertEquals("PENDING_PAYMENT", db.text("SELECT status FROM customer_order WHERE id = ?1", orderId));
        assertEquals(100_000, balance(stranger));
        given().header("Authorization", stranger.bearer()).get("/api/v1/me/orders")
                .then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void badOrdersAre4xxProblemsAndReserveNothing() {
        Users.SignedIn user = Users.newUser();
        long product = Catalog.product("Guarded", 1_000, 100);
        StringBuilder fiftyOne = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 51; i++) {
            fiftyOne.append(i == 0 ? "" : ",").append("{\"productId\":").append(i + 1).append(",\"quantity\":1}");
        }
        fiftyOne.append("]}");
        for (String body : List.of("{\"items\":[]}", "{}", fiftyOne.toString(),
                "{\"items\":[{\"productId\":" + product + ",\"quantity\":1},{\"productId\":" + product + ",\"quantity\":2}]}",
                "{\"items\":[{\"productId\":" + product + ",\"quantity\":0}]}",
                "{\"items\":[{\"productId\":" + product + ",\"quantity\":1001}]}",
                "{\"items\":[{\"productId\":\"abc\",\"quantity\":1}]}",
                "{\"items\":[{\"productId\":-4,\"quantity\":1}]}",
                "{\"items\":[{\"productId\":" + product + "}]}",
                "{\"items\":[null]}", "{\"items\":{\"productId\":1}}", "[]", "{\"items\":[{\"productId\":" + product
                        + ",\"quantity\":1}],\"userCouponId\":\"x\"}",
                "{\"items\":[{\"productId\":" + product + ",\"quantity\":1.5}]}")) {
            given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/orders")
                    .then().statusCode(400).contentType(startsWith(PROBLEM)).body("code", equalTo("VALIDATION_FAILED"));
        }
        place(user, null, line(987_654_321L, 1)).then().statusCode(404).contentType(startsWith(PROBLEM));
        place(user, null, line(product, 1), line(987_654_321L, 1)).then().statusCode(404);
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body("{\"items\":[{\"productId\":" + product + ",\"quantity\":1,\"note\":\"" + "x".repeat(100 * 1024) + "\"}]}")
                .when().post("/api/v1/orders").then().statusCode(413).contentType(startsWith(PROBLEM));
        // the same without a Content-Length (chunked): counted while it is read, on this non-blocking endpoint too
        Http.Answer chunked = new Http(base.toString()).postChunked("/api/v1/orders", user.bearer(),
                "{\"items\":[{\"productId\":" + product + ",\"quantity\":1}]" + " ".repeat(100 * 1024) + "}");
        assertEquals(413, chunked.status(), chunked.body());
        assertEquals("PAYLOAD_TOO_LARGE", chunked.json().get("code").asText());
        given().header("Authorization", user.bearer()).get("/api/v1/orders/abc").then().statusCode(400);
        given().header("Authorization", user.bearer()).post("/api/v1/orders/abc/payment").then().statusCode(400);
        assertEquals(100, stock(product));
        assertEquals(0, db.number("SELECT COUNT(*) FROM customer_order WHERE user_id = ?1", user.id()));
    }

    @Test
    void aShortLineFailsTheWholeOrderAndNamesItsProduct() {
        Users.SignedIn user = Users.newUser();
        long plenty = Catalog.product("Plenty", 100, 10);
        long scarce = Catalog.product("Scarce", 100, 1);
        long more = Catalog.product("More", 100, 10);
        place(user, null, line(plenty, 2), line(scarce, 2), line(more, 3)).then().statusCode(409)
                .body("code", equalTo("OUT_OF_STOCK")).body("detail", containsString("Product " + scarce + " "));
        assertEquals(10, stock(plenty));
        assertEquals(1, stock(scarce));
        assertEquals(10, stock(more));
        place(user, null, line(more, 3), line(scarce, 1), line(plenty, 2)).then().statusCode(201)
                .body("items.size()", equalTo(3)).body("totalAmount", equalTo(600));
        assertEquals(8, stock(plenty));
        assertEquals(0, stock(scarce));
        assertEquals(7, stock(more));
    }

    @Test
    void extraFieldsAreNeverApplied() {
        Users.SignedIn user = Users.newUser();
        long product = Catalog.product("Fixed price", 9_000, 5);
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body("{\"items\":[{\"productId\":" + product + ",\"quantity\":1,\"unitPrice\":1}],\"status\":\"PAID\","
                        + "\"payAmount\":0,\"userId\":1,\"totalAmount\":1}")
                .when().post("/api/v1/orders")
                .then().statusCode(201)
                .body("status", equalTo("PENDING_PAYMENT"))
                .body("payAmount", equalTo(9_000))
                .body("items[0].unitPrice", equalTo(9_000));
    }

    @Test
    void aNewOrderIsListedAtOnceEvenWhileTheReplicaLags() {
        Users.SignedIn user = Users.newUser();
        long product = Catalog.product("Listed", 1_000, 5);
        long first = orderOf(user, product, 1);
        LocalInfra.pauseReplication();
        try {
            long second = orderOf(user, product, 1);
            given().header("Authorization", user.bearer()).get("/api/v1/me/orders")
                    .then().statusCode(200)
                    .body("items.id", equalTo(List.of((int) second, (int) first)))
                    .body("items[0].items[0].productId", equalTo((int) product));
            given().header("Authorization", user.bearer()).get("/api/v1/orders/{id}", second).then().statusCode(200);
        } finally {
            LocalInfra.resumeReplication();
        }
    }

    @Test
    void myOrdersArePagedNewestFirst() {
        Users.SignedIn user = Users.newUser();
        long product = Catalog.product("Paged", 1_000, 10);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(orderOf(user, product, 1));
        }
        String cursor = given().header("Authorization", user.bearer()).queryParam("size", 2).get("/api/v1/me/orders")
                .then().statusCode(200).body("items", hasSize(2)).body("items[0].id", equalTo(ids.get(2).intValue()))
                .extract().path("nextCursor");
        given().header("Authorization", user.bearer()).queryParam("size", 2).queryParam("cursor", cursor).get("/api/v1/me/orders")
                .then().statusCode(200).body("items.id", equalTo(List.of(ids.get(0).intValue())))
                .body("nextCursor", equalTo(null));
    }

    @Test
    void adminProductsNeedTheAdminRole() {
        Users.SignedIn user = Users.newUser();
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("name", "Nope", "price", 1, "stock", 1))
                .post("/api/v1/admin/products").then().statusCode(403).contentType(startsWith(PROBLEM))
                .body("code", equalTo("FORBIDDEN"));
        given().contentType(ContentType.JSON).body(Map.of("name", "Nope", "price", 1, "stock", 1))
                .post("/api/v1/admin/products").then().statusCode(401);
        long product = Catalog.product("Adjustable", 1_000, 3);
        given().header("Authorization", Catalog.admin()).contentType(ContentType.JSON).body(Map.of("stockDelta", -4))
                .patch("/api/v1/admin/products/{id}", product).then().statusCode(409).body("code", equalTo("OUT_OF_STOCK"));
        given().header("Authorization", Catalog.admin()).contentType(ContentType.JSON).body(Map.of("stockDelta", 7, "price", 1_500))
                .patch("/api/v1/admin/products/{id}", product).then().statusCode(200)
                .body("stock", equalTo(10)).body("price", equalTo(1_500));
        given().header("Authorization", Catalog.admin()).contentType(ContentType.JSON).body(Map.of())
                .patch("/api/v1/admin/products/{id}", product).then().statusCode(400);
        given().header("Authorization", Catalog.admin()).contentType(ContentType.JSON).body(Map.of("price", 5))
                .patch("/api/v1/admin/products/{id}", 987_654_321L).then().statusCode(404);
        given().header("Authorization", Catalog.admin()).contentType(ContentType.JSON).body(Map.of("name", "", "price", -1, "stock", 1))
                .post("/api/v1/admin/products").then().statusCode(400);
    }

    private static Map<String, Object> line(long productId, int quantity) {
        return Map.of("productId", productId, "quantity", quantity);
    }

    @SafeVarargs
    private static io.restassured.response.Response place(Users.SignedIn user, Long couponId, Map<String, Object>... lines) {
        Map<String, Object> body = couponId == null ? Map.of("items", List.of(lines))
                : Map.of("items", List.of(lines), "userCouponId", couponId);
        return given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/orders");
    }

    private static long orderOf(Users.SignedIn user, long product, int quantity) {
        return ((Number) place(user, null, line(product, quantity)).then().statusCode(201).extract().path("id")).longValue();
    }

    private static void charge(Users.SignedIn user, long amount) {
        given().header("Authorization", user.bearer()).contentType(ContentType.JSON).body(Map.of("amount", amount))
                .post("/api/v1/me/points/charges").then().statusCode(200);
    }

    private long balance(Users.SignedIn user) {
        return db.number("SELECT balance FROM point_wallet WHERE user_id = ?1", user.id());
    }

    private long stock(long product) {
        return db.number("SELECT stock FROM product WHERE id = ?1", product);
    }
}
