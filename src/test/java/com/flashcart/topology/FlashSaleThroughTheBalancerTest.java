package com.flashcart.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.flashcart.support.Concurrently;
import com.flashcart.support.Http;
import com.flashcart.support.Users;

/**
 * A flash sale through haproxy and two instances while Redis loses the stock gate (flushed) and then dies and
 * comes back (every session and counter gone): the database still sells exactly the stock, never more.
 */
@Tag("topology")
class FlashSaleThroughTheBalancerTest {

    private static final int STOCK = 60;

    @BeforeAll
    static void balancer() {
        Topology.useBalancer();
    }

    @Test
    void redisFlushedAndRestartedMidSaleNeverOversells() throws Exception {
        String admin = AbuseThroughTheBalancerTest.adminBearer();
        long product = AbuseThroughTheBalancerTest.product(admin, "Topology flash", 1_000, STOCK);
        List<String> emails = signUp(200);
        Http http = new Http(Topology.base());
        String body = "{\"items\":[{\"productId\":" + product + ",\"quantity\":1}]}";

        // first wave: the gate's counter is dropped while it runs
        List<String> tokens = logIn(emails.subList(0, 100));
        AtomicBoolean flushed = new AtomicBoolean();
        List<Integer> first = Concurrently.run(tokens.size(), i -> {
            if (i == 50 && flushed.compareAndSet(false, true)) {
                Topology.redis("DEL", "fc:stock:{" + product + "}");
            }
            return http.post("/api/v1/orders", "Bearer " + tokens.get(i), body, null).status();
        });
        assertTrue(first.stream().allMatch(s -> s == 201 || s == 409), first.toString());

        // Redis dies and comes back empty: sessions and counters are gone; the buyers sign in again
        long redisPid = Long.parseLong(java.nio.file.Files.readString(
                com.flashcart.support.LocalInfra.stateDir().resolve("run/redis.pid")).trim());
        try {
            Topology.redis("SHUTDOWN", "NOSAVE");
        } catch (IllegalStateException closedOnUs) {
            // redis-cli reports the connection the shutdown closed
        }
        Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> ProcessHandle.of(redisPid).map(ph -> !ph.isAlive()).orElse(true));
        flashcart("infra");
        Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> "PONG".equals(Topology.redis("PING")));
        List<String> again = logIn(emails);
        List<Integer> second = Concurrently.run(again.size(), i ->
                http.post("/api/v1/orders", "Bearer " + again.get(i), body, null).status());
        assertTrue(second.stream().allMatch(s -> s == 201 || s == 409 || s == 503), second.toString());

        long sold = first.stream().filter(s -> s == 201).count() + second.stream().filter(s -> s == 201).count();
        assertEquals(STOCK, sold, "every unit sold once: " + first + " " + second);
        assertEquals("0", Topology.sql("SELECT stock FROM product WHERE id = " + product));
        assertEquals(Integer.toString(STOCK), Topology.sql("SELECT held FROM product WHERE id = " + product));
        assertEquals(Integer.toString(STOCK), Topology.sql("SELECT COUNT(*) FROM order_line WHERE product_id = "
                + product));
    }

    private static List<String> signUp(int n) throws Exception {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            emails.add(Users.freshEmail());
        }
        Concurrently.run(n, i -> Users.signUp(emails.get(i)));
        return emails;
    }

    private static List<String> logIn(List<String> emails) throws Exception {
        Topology.forgetLocalLoginFailures();
        return new ArrayList<>(Concurrently.run(emails.size(), i -> Users.login(emails.get(i), Users.PASSWORD)));
    }

    private static void flashcart(String command) throws Exception {
        Process p = new ProcessBuilder(Path.of("flashcart").toAbsolutePath().toString(), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "./flashcart " + command + ": " + out);
    }
}
