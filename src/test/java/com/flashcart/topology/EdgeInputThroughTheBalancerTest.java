package com.flashcart.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.flashcart.support.Users;

/**
 * Generated requests through haproxy: headers and URLs of every size up to what haproxy takes, odd bytes in
 * header names and values, repeated JSON keys and broken bodies on every endpoint that takes a body. Never a 5xx;
 * every refusal is problem+json; nothing changes in the database.
 */
@Tag("topology")
class EdgeInputThroughTheBalancerTest {

    private static final long SEED = 20261127L;

    @BeforeAll
    static void balancer() {
        Topology.useBalancer();
    }

    @Test
    void oversizeAndOddRequestsAreProblemsNeverErrors() {
        Random random = new Random(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < 300; i++) {
            byte[] request = switch (random.nextInt(4)) {
                case 0 -> AbuseThroughTheBalancerTest.get("/api/v1/products", "X-Size: " + "h".repeat(size(random)));
                case 1 -> AbuseThroughTheBalancerTest.get("/api/v1/products?pad=" + "u".repeat(size(random)), null);
                case 2 -> AbuseThroughTheBalancerTest.get("/api/v1/products", "X-Odd: " + odd(random, true));
                default -> AbuseThroughTheBalancerTest.get("/api/v1/products", "X" + odd(random, false) + ": value");
            };
            Topology.RawAnswer answer = Topology.raw(request);
            statuses.merge(answer.status(), 1, Integer::sum);
            assertTrue(answer.status() > 0 && answer.status() < 500, "status " + answer);
            if (answer.status() >= 400) {
                assertTrue(answer.contentType().startsWith("application/problem+json"), answer.toString());
                assertTrue(answer.body().contains("\"code\":\""), answer.toString());
            }
        }
        assertTrue(statuses.keySet().stream().anyMatch(s -> s >= 400), "some were refused: " + statuses);
        assertTrue(statuses.containsKey(200), "some were fine: " + statuses);
    }

    @Test
    void repeatedKeysAndBrokenBodiesChangeNothing() {
        Users.SignedIn user = Users.newUser();
        String admin = AbuseThroughTheBalancerTest.adminBearer();
        long product = AbuseThroughTheBalancerTest.product(admin, "Edge target", 1_000, 10);
        long order = AbuseThroughTheBalancerTest.order(user, product, 1).then().statusCode(201).extract()
                .<Number> path("id").longValue();
        String before = snapshot();
        Map<String, String> endpoints = Map.of(
                "POST /api/v1/users", "{\"email\":\"" + Users.freshEmail() + "\",\"password\":\"" + Users.PASSWORD
                        + "\",\"name\":\"E\",\"name\":\"F\"}",
                "POST /api/v1/me/points/charges", "{\"amount\":5,\"amount\":5}",
                "POST /api/v1/orders", "{\"items\":[{\"productId\":" + product + ",\"quantity\":1,\"quantity\":2}]}",
                "POST /api/v1/orders/" + order + "/payment", "{\"x\":1,\"x\":1}",
                "POST /api/v1/orders/" + order + "/cancel", "{\"x\":1,\"x\":1}",
                "POST /api/v1/admin/products", "{\"name\":\"E\",\"price\":1,\"price\":2,\"stock\":1}",
                "PATCH /api/v1/admin/products/" + product, "{\"price\":5,\"price\":6}");
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            for (String body : List.of(endpoint.getValue(), "{\"broken", "[]", "{}}")) {
                String[] target = endpoint.getKey().split(" ");
                String auth = target[1].startsWith("/api/v1/admin") ? admin : user.bearer();
                byte[] payload = body.getBytes(StandardCharsets.UTF_8);
                String request = target[0] + " " + target[1] + " HTTP/1.1\r\nHost: flashcart\r\nConnection: close\r\n"
                        + "Authorization: " + auth + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + payload.length + "\r\n\r\n" + body;
                Topology.RawAnswer answer = Topology.raw(request.getBytes(StandardCharsets.UTF_8));
                assertEquals(400, answer.status(), endpoint.getKey() + " " + body + " -> " + answer);
                assertTrue(answer.contentType().startsWith("application/problem+json"), answer.toString());
            }
        }
        assertEquals(before, snapshot());
    }

    private static int size(Random random) {
        return 1_000 + random.nextInt(60_000);
    }

    /** Visible ASCII, DEL and high bytes; in a name, also characters a token may not hold. */
    private static String odd(Random random, boolean value) {
        StringBuilder text = new StringBuilder();
        for (int i = 1 + random.nextInt(20); i > 0; i--) {
            int c = switch (random.nextInt(4)) {
                case 0 -> 0x7f;
                case 1 -> 0x80 + random.nextInt(0x80);
                case 2 -> value ? 0x21 + random.nextInt(0x5e) : "()<>@,;\\\"/[]?={} \t".charAt(random.nextInt(18));
                default -> 'a' + random.nextInt(26);
            };
            text.append((char) c);
        }
        return text.toString();
    }

    private static String snapshot() {
        return Topology.sql("SELECT (SELECT COUNT(*) FROM app_user), (SELECT COUNT(*) FROM customer_order),"
                + " (SELECT COUNT(*) FROM point_ledger), (SELECT COUNT(*) FROM product),"
                + " (SELECT SUM(price) FROM product), (SELECT SUM(stock) FROM product),"
                + " (SELECT COUNT(*) FROM payment)");
    }
}
