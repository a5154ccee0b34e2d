package com.flashcart.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.flashcart.support.Catalog;
import com.flashcart.support.Db;
import com.flashcart.support.Users;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Thousands of malformed requests, generated from a fixed seed, against every endpoint of shared/API.md that
 * takes input: wrong types, missing and extra fields, huge, negative and fractional numbers, unicode and very
 * long strings, bad ids, bad headers, oversized bodies. Every one must get a 4xx problem+json answer — never a
 * 5xx — and the database must be exactly as it was.
 */
@QuarkusTest
class BadInputTest {

    private static final long SEED = 20261126L;
    private static final int REQUESTS = 4000;

    @TestHTTPResource("/")
    URL base;

    @Inject
    Db db;

    /** A request shape: how to make one that must be refused. */
    private record Target(String method, Function<Random, String> path, Function<Random, String> body, boolean authenticated) {
    }

    @Test
    void malformedRequestsAreRefusedCleanlyAndChangeNothing() throws Exception {
        Users.SignedIn user = Users.newUser();
        long product = Catalog.product("Fuzz target", 1_000, 10);
        String admin = Catalog.admin();
        Map<String, Long> before = snapshot();

        List<Target> targets = targets(product);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Random random = new Random(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            Target target = targets.get(random.nextInt(targets.size()));
            String path = target.path().apply(random);
            String body = target.body() == null ? null : target.body().apply(random);
            URI uri;
            try {
                uri = URI.create(base.toString().replaceAll("/$", "") + path);
            } catch (IllegalArgumentException notAUri) {
                continue; // the client cannot even send it
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    .method(target.method(), body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", random.nextInt(10) == 0 ? pick(random, "text/plain", "application/xml",
                        "application/json; charset=latin1", "multipart/form-data") : "application/json");
            }
            if (target.authenticated()) {
                request.header("Authorization", path.startsWith("/api/v1/admin") ? admin : user.bearer());
            } else if (random.nextBoolean()) {
                request.header("Authorization", pick(random, "Bearer ", "Bearer x", "Basic Zm9vOmJhcg==",
                        "Bearer " + "A".repeat(5000), "Bearer \u00e9\u00e8", "bearer"));
            }
            if (random.nextInt(4) == 0) {
                request.header("Idempotency-Key", pick(random, "", " ", "key with spaces", "k".repeat(300), "\u00fcml\u00e4ut",
                        "tab\tkey"));
            }
            HttpResponse<String> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IllegalArgumentException invalidHeader) {
                continue; // the client itself refuses to send some header values
            }
            statuses.merge(response.statusCode(), 1, Integer::sum);
            String described = target.method() + " " + path + " " + abbreviate(body) + " -> " + response.statusCode() + " "
                    + abbreviate(response.body());
            if (response.statusCode() < 400 || response.statusCode() >= 500) {
                fail("not a 4xx: " + described);
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.startsWith("application/problem+json"), "not problem+json: " + described);
            assertTrue(response.body().contains("\"code\":\""), "no code: " + described);
        }
        assertEquals(before, snapshot(), "the database changed");
        assertTrue(statuses.size() >= 4, "varied refusals: " + statuses);
    }

    /**
     * Every endpoint that takes a body, with a valid body in which one key is given twice (at the top or inside a
     * line), or with a body that is not the JSON it should be: always 400 VALIDATION_FAILED problem+json, never a
     * 5xx, nothing changed. Before, a repeated key answered a bare 500, and a broken payment body still paid.
     */
    @Test
    void repeatedKeysAndBrokenBodiesAre400EverywhereAndChangeNothing() throws Exception {
        Users.SignedIn user = Users.newUser();
        long product = Catalog.product("Duplicate target", 1_000, 10);
        long order = ((Number) io.restassured.RestAssured.given().header("Authorization", user.bearer())
                .contentType("application/json").body("{\"items\":[{\"productId\":" + product + ",\"quantity\":1}]}")
                .post("/api/v1/orders").then().statusCode(201).extract().path("id")).longValue();
        String admin = Catalog.admin();
        Map<String, Long> before = snapshot();
        Map<String, String> valid = new LinkedHashMap<>();
        valid.put("POST /api/v1/users", "{\"email\":\"" + Users.freshEmail() + "\",\"password\":\"" + Users.PASSWORD
                + "\",\"name\":\"Dup\"}");
        valid.put("POST /api/v1/sessions", "{\"email\":\"" + user.email() + "\",\"password\":\"" + Users.PASSWORD + "\"}");
        valid.put("POST /api/v1/me/points/charges", "{\"amount\":100}");
        valid.put("POST /api/v1/orders", "{\"items\":[{\"productId\":" + product + ",\"quantity\":1}],\"userCouponId\":null}");
        valid.put("POST /api/v1/orders/" + order + "/payment", "{\"note\":\"x\"}");
        valid.put("POST /api/v1/orders/" + order + "/cancel", "{\"reason\":\"x\"}");
        valid.put("POST /api/v1/admin/products", "{\"name\":\"Dup\",\"description\":\"d\",\"price\":1,\"stock\":1}");
        valid.put("PATCH /api/v1/admin/products/" + product, "{\"price\":5,\"stockDelta\":1}");
        valid.put("POST /api/v1/admin/coupons", "{\"name\":\"Dup\",\"discountType\":\"FIXED\",\"discountValue\":1,"
                + "\"totalQuantity\":1,\"validFrom\":\"2030-01-01T00:00:00Z\",\"validUntil\":\"2030-02-01T00:00:00Z\"}");
        List<String> broken = List.of("{\"broken", "[]", "\"text\"", "42", "{}}", "{\"a\":1} trailing", "{,}", "nul");

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int sent = 0;
        for (Map.Entry<String, String> endpoint : valid.entrySet()) {
            String method = endpoint.getKey().substring(0, endpoint.getKey().indexOf(' '));
            String path = endpoint.getKey().substring(method.length() + 1);
            List<String> bodies = new ArrayList<>(withOneKeyRepeated(endpoint.getValue()));
            bodies.addAll(broken);
            for (String body : bodies) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
                if (!path.equals("/api/v1/users") && !path.equals("/api/v1/sessions")) {
                    request.header("Authorization", path.startsWith("/api/v1/admin") ? admin : user.bearer());
                }
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                String described = endpoint.getKey() + " " + abbreviate(body) + " -> " + response.statusCode() + " "
                        + abbreviate(response.body());
                assertEquals(400, response.statusCode(), described);
                assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                        described);
                assertTrue(response.body().contains("\"code\":\"VALIDATION_FAILED\""), described);
                sent++;
            }
        }
        assertEquals(before, snapshot(), "the database changed");
        assertEquals("PENDING_PAYMENT", db.text("SELECT status FROM customer_order WHERE id = ?1", order));
        assertTrue(sent > 60, "requests sent: " + sent);
    }

    /** The body once for each key in it (at any depth), with that key given a second time right after the first. */
    private static List<String> withOneKeyRepeated(String json) {
        List<String> variants = new ArrayList<>();
        java.util.regex.Matcher pair = java.util.regex.Pattern
                .compile("\"(\\w+)\":(\"[^\"]*\"|[-0-9.]+|null|true|false)").matcher(json);
        while (pair.find()) {
            String repeated = ",\"" + pair.group(1) + "\":" + (pair.group(2).startsWith("\"") ? "\"other\"" : "2");
            variants.add(json.substring(0, pair.end()) + repeated + json.substring(pair.end()));
        }
        return variants;
    }

    private List<Target> targets(long product) {
        List<Target> t = new ArrayList<>();
        t.add(new Target("POST", r -> "/api/v1/users", r -> badObject(r, Map.of(
                "email", List.of("\"not-an-email\"", "12", "\"\"", "\"" + "a".repeat(300) + "@x.io\"", "null", "[]"),
                "password", List.of("\"short\"", "\"" + "p".repeat(73) + "\"", "123456789", "null", "{}"),
                "name", List.of("\"\"", "\" \"", "\"" + "n".repeat(101) + "\"", "7", "null"))), false));
        t.add(new Target("POST", r -> "/api/v1/sessions", r -> badObject(r, Map.of(
                "email", List.of("\"\"", "null", "5", "[]"),
                "password", List.of("null", "false", "\"" + "x".repeat(2000) + "\""))), false));
        t.add(new Target("POST", r -> "/api/v1/me/points/charges", r -> badObject(r, Map.of(
                "amount", List.of("0", "-1", "1000001", "\"abc\"", "\"100\"", "1.5", "null", "1e30",
                        "99999999999999999999999", "true", "[1]", "{}"))), true));
        t.add(new Target("POST", r -> "/api/v1/orders", r -> badOrder(r, product), true));
        t.add(new Target("POST", r -> "/api/v1/orders/" + badId(r) + "/payment", null, true));
        t.add(new Target("POST", r -> "/api/v1/orders/" + badId(r) + "/cancel", null, true));
        t.add(new Target("GET", r -> "/api/v1/orders/" + badId(r), null, true));
        t.add(new Target("GET", r -> "/api/v1/products/" + badId(r), null, false));
        t.add(new Target("GET", r -> "/api/v1/products?" + pick(r, "size=0", "size=101", "size=abc", "page=-1",
                "page=x&size=2", "size=1e3", "size=%00"), null, false));
        t.add(new Target("GET", r -> "/api/v1/me/points/history?" + pick(r, "size=0", "size=101", "cursor=%25%25",
                "cursor=" + "c".repeat(65), "cursor=bm90LWEtY3Vyc29y", "size=-5"), null, true));
        t.add(new Target("GET", r -> "/api/v1/me/orders?" + pick(r, "size=0", "size=1000", "cursor=!!", "cursor=b3JkZXJzOjA"),
                null, true));
        t.add(new Target("POST", r -> "/api/v1/admin/products", r -> badObject(r, Map.of(
                "name", List.of("\"\"", "null", "42", "\"" + "n".repeat(201) + "\""),
                "price", List.of("-1", "\"free\"", "1.25", "null", "10000000000"),
                "stock", List.of("-3", "\"many\"", "null", "100000001"))), true));
        t.add(new Target("PATCH", r -> "/api/v1/admin/products/" + (r.nextBoolean() ? product : badIdOrMissing(r)),
                r -> badObject(r, Map.of(
                        "price", List.of("-1", "\"x\"", "1.5", "10000000000"),
                        "stockDelta", List.of("\"up\"", "1.5", "-100000001", "100000001"))), true));
        t.add(new Target("DELETE", r -> "/api/v1/sessions/current", null, false));
        t.add(new Target("GET", r -> "/api/v1/me/points", null, false));
        return t;
    }

    /** A JSON object where at least one field has a bad value; others are missing, extra or bad too. */
    private static String badObject(Random r, Map<String, List<String>> badValues) {
        int shape = r.nextInt(12);
        switch (shape) {
            case 0: return "[" + new ArrayList<>(badValues.keySet()) + "]";
            case 1: return "{\"" + pick(r, new ArrayList<>(badValues.keySet()).toArray(String[]::new)) + "\":";
            case 2: return pick(r, "null", "\"string\"", "42", "true", "", "{{}}", "{\"a\":1}}");
            case 3: return "{\"padding\":\"" + "\u00f0\u009f\u0098\u0080".repeat(20_000) + "\"}";
            default: break;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(badValues.keySet());
        String broken = names.get(r.nextInt(names.size()));
        fields.put(broken, pick(r, badValues.get(broken).toArray(String[]::new)));
        for (String name : names) {
            if (!name.equals(broken) && r.nextInt(3) > 0) {
                fields.put(name, pick(r, badValues.get(name).toArray(String[]::new)));
            }
        }
        if (r.nextBoolean()) {
            fields.put(pick(r, "status", "balance", "userId", "issuedQuantity", "role", "id", "__proto__"),
                    pick(r, "\"PAID\"", "999999", "1", "\"ADMIN\"", "null"));
        }
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return json.append('}').toString();
    }

    private static String badOrder(Random r, long product) {
        return switch (r.nextInt(10)) {
            case 0 -> "{\"items\":[]}";
            case 1 -> "{\"items\":null}";
            case 2 -> "{\"items\":[{\"productId\":" + product + ",\"quantity\":" + pick(r, "0", "-1", "1001", "1.5", "\"2\"", "null") + "}]}";
            case 3 -> "{\"items\":[{\"productId\":" + pick(r, "0", "-7", "\"abc\"", "1.5", "null", "99999999999999999999") + ",\"quantity\":1}]}";
            case 4 -> "{\"items\":[{\"productId\":" + product + ",\"quantity\":1},{\"productId\":" + product + ",\"quantity\":1}]}";
            case 5 -> {
                StringBuilder many = new StringBuilder("{\"items\":[");
                for (int i = 0; i < 51; i++) {
                    many.append(i == 0 ? "" : ",").append("{\"productId\":").append(product + i).append(",\"quantity\":1}");
                }
                yield many.append("]}").toString();
            }
            case 6 -> "{\"items\":[{\"productId\":" + product + ",\"quantity\":1}],\"userCouponId\":" + pick(r, "\"x\"", "-1", "0", "1.5") + "}";
            case 7 -> "{\"items\":[{\"productId\":" + product + ",\"quantity\":1,\"name\":\"" + "z".repeat(70_000) + "\"}]}";
            case 8 -> "{\"items\":[{\"productId\":" + product + ",\"quantity\":1}],\"userCouponId\":987654321}";
            default -> "{\"items\":[{\"productId\":987654321,\"quantity\":1}]}";
        };
    }

    private static String badId(Random r) {
        return pick(r, "abc", "0", "-1", "1.5", "99999999999999999999", "%20", "null", "1e3", "987654321", "%F0%9F%98%80");
    }

    private static String badIdOrMissing(Random r) {
        return pick(r, "abc", "0", "-1", "987654321");
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private Map<String, Long> snapshot() {
        Map<String, Long> state = new TreeMap<>();
        for (String table : List.of("app_user", "point_wallet", "point_ledger", "product", "customer_order", "order_line",
                "payment", "user_coupon", "coupon", "outbox_event", "idempotency_record")) {
            state.put(table, db.number("SELECT COUNT(*) FROM " + table));
        }
        state.put("balances", db.number("SELECT COALESCE(SUM(balance), 0) FROM point_wallet"));
        state.put("stock", db.number("SELECT COALESCE(SUM(stock), 0) FROM product"));
        state.put("prices", db.number("SELECT COALESCE(SUM(price), 0) FROM product"));
        return state;
    }
}
