package com.flashcart.topology;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import com.flashcart.support.LocalInfra;

import io.restassured.RestAssured;

/**
 * The local topology that {@code ./flashcart up} runs (haproxy in front of two instances, the MariaDB pair, Redis,
 * Kafka), for tests that must see a bug where it lives: behind the balancer, across instances. Tagged
 * {@code topology}; {@code ./flashcart test} brings the topology up and runs them after the rest.
 */
final class Topology {

    static final String ADMIN_EMAIL = System.getenv().getOrDefault("FLASHCART_ADMIN_EMAIL", "admin@flashcart.local");
    static final String ADMIN_PASSWORD = System.getenv().getOrDefault("FLASHCART_ADMIN_PASSWORD", "flashcart-admin");
    static final int LB_PORT = Integer.parseInt(System.getenv().getOrDefault("FLASHCART_LB_PORT", "8080"));
    static final String DB = System.getenv().getOrDefault("FLASHCART_DB_NAME", "flashcart");

    private Topology() {
    }

    /** Points RestAssured at haproxy. */
    static void useBalancer() {
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = LB_PORT;
    }

    static String base() {
        return "http://127.0.0.1:" + LB_PORT;
    }

    /** SQL as root on the primary, in the topology's database. */
    static String sql(String statement) {
        return LocalInfra.primarySql("USE " + DB + "; " + statement).trim();
    }

    /** A redis-cli command against the topology's Redis (database 0). */
    static String redis(String... command) {
        return LocalInfra.redis(LocalInfra.REDIS_PORT, "0", command);
    }

    /** The login counters of the address every test client has here (127.0.0.1), so tests do not lock each other out. */
    static void forgetLocalLoginFailures() {
        redis("DEL", "fc:login-failures:addr:127.0.0.1");
    }

    /** A raw HTTP/1.1 exchange with haproxy, for requests no HTTP client library would send. */
    static RawAnswer raw(byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", LB_PORT)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0;) {
                answer.write(buffer, 0, n);
            }
            return RawAnswer.parse(answer.toString(StandardCharsets.ISO_8859_1));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record RawAnswer(int status, String contentType, String body) {
        static RawAnswer parse(String text) {
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String[] lines = head.split("\r\n");
            int status = lines[0].split(" ").length > 1 ? Integer.parseInt(lines[0].split(" ")[1]) : -1;
            String type = "";
            for (String line : lines) {
                if (line.toLowerCase().startsWith("content-type:")) {
                    type = line.substring("content-type:".length()).trim();
                }
            }
            return new RawAnswer(status, type, end < 0 ? "" : text.substring(end + 4));
        }
    }
}
