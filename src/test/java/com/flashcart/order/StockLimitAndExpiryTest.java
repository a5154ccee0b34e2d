package com.flashcart.order;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.flashcart.catalog.ProductAdmin;
import com.flashcart.support.Catalog;
import com.flashcart.support.Db;
import com.flashcart.support.Users;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Giving stock back can never fail, and no order can stop the expiry of the others. */
@QuarkusTest
class StockLimitAndExpiryTest {

    @Inject
    Db db;

    @Inject
    OrderExpiry expiry;

    @Inject
    MeterRegistry metrics;

    /**
     * Before, admin increases could push stock past the INT column: the next admin change and any cancellation that
     * gave units back answered 500, and the order could never be cancelled. Now units in stock plus units held by
     * orders are bounded, so the admin is refused first and a cancellation always fits.
     */
    @Test
    void adminIncreasesStopAtTheBoundAndACancellationStillGivesBack() {
        Users.SignedIn user = Users.newUser();
        long product = Catalog.product("Bounded crate", 1, 100_000_000);
        long orderId = ((Number) order(user, product, 5).then().statusCode(201).extract().path("id")).longValue();
        for (int i = 0; i < 9; i++) {
            patch(product, Map.of("stockDelta", 100_000_000)).then().statusCode(200);
        }
        assertEquals(ProductAdmin.MAX_UNITS - 5, db.number("SELECT stock FROM product WHERE id = ?1", product));
        patch(product, Map.of("stockDelta", 1)).then().statusCode(409).body("code", equalTo("STOCK_LIMIT_EXCEEDED"));
        given().header("Authorization", user.bearer()).post("/api/v1/orders/{id}/cancel", orderId)
                .then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertEquals(ProductAdmin.MAX_UNITS, db.number("SELECT stock FROM product WHERE id = ?1", product));
        patch(product, Map.of("price", 2)).then().statusCode(200).body("stock", equalTo(ProductAdmin.MAX_UNITS));
        patch(product, Map.of("stockDelta", -ProductAdmin.MAX_UNITS / 10)).then().statusCode(200);
    }

    /**
     * Before, a batch gave all its stock back in one statement and the sweep always began with the oldest due
     * orders, so one order whose stock could not be given back failed every sweep. Now it is retried alone,
     * counted and skipped, and every other due order expires.
     */
    @Test
    void anOrderThatCannotExpireHoldsUpNoOther() {
        Users.SignedIn user = Users.newUser();
        long poisoned = Catalog.product("Poisoned stock", 1_000, 10);
        long fine = Catalog.product("Fine stock", 1_000, 10);
        List<Long> orders = new ArrayList<>();
        long bad = ((Number) order(user, poisoned, 2).then().statusCode(201).extract().path("id")).longValue();
        for (int i = 0; i < 3; i++) {
            orders.add(((Number) order(user, fine, 1).then().statusCode(201).extract().path("id")).longValue());
        }
        // the product no longer shows the units as held: giving them back breaks the bound the database checks
        db.update("UPDATE product SET held = 0 WHERE id = ?1", poisoned);
        for (long id : concat(bad, orders)) {
            db.update("UPDATE customer_order SET expires_at = ?1 WHERE id = ?2", Instant.now().minusSeconds(1), id);
        }
        double failuresBefore = failures();

        // (orders other tests left behind may fall due and expire in the same sweeps: counted, not asserted exactly)
        assertTrue(expiry.expireDue() >= 3);
        expiry.expireDue(); // the next sweep skips it again, without failing
        for (long id : orders) {
            assertEquals("EXPIRED", db.text("SELECT status FROM customer_order WHERE id = ?1", id));
        }
        assertEquals("PENDING_PAYMENT", db.text("SELECT status FROM customer_order WHERE id = ?1", bad));
        assertEquals(10, db.number("SELECT stock FROM product WHERE id = ?1", fine));
        assertEquals(failuresBefore + 2, failures());

        db.update("UPDATE product SET held = 2 WHERE id = ?1", poisoned);
        assertTrue(expiry.expireDue() >= 1);
        assertEquals("EXPIRED", db.text("SELECT status FROM customer_order WHERE id = ?1", bad), "once it can, it expires");
        assertEquals(10, db.number("SELECT stock FROM product WHERE id = ?1", poisoned));
    }

    private double failures() {
        return metrics.counter("flashcart.order.expiry.failures").count();
    }

    private static List<Long> concat(long first, List<Long> rest) {
        List<Long> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    private static io.restassured.response.Response order(Users.SignedIn user, long product, int quantity) {
        return given().header("Authorization", user.bearer()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("productId", product, "quantity", quantity))))
                .post("/api/v1/orders");
    }

    private static io.restassured.response.Response patch(long product, Map<String, Object> change) {
        return given().header("Authorization", Catalog.admin()).contentType(ContentType.JSON).body(change)
                .patch("/api/v1/admin/products/{id}", product);
    }
}
