package com.flashcart.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flashcart.platform.store.PlatformStore;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** The platform's HTTP face: the events of an order, the live figures, health, and a dashboard page. */
public final class PlatformHttp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformHttp.class);
    private static final String JSON = "application/json; charset=utf-8";
    private static final String PROBLEM = "application/problem+json; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PlatformStore store;
    private final BooleanSupplier consumerAlive;
    private final HttpServer server;
    private final ExecutorService workers;
    private final byte[] dashboard;

    public PlatformHttp(String host, int port, PlatformStore store, BooleanSupplier consumerAlive) throws IOException {
        this.store = store;
        this.consumerAlive = consumerAlive;
        this.dashboard = resource("dashboard.html");
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        this.workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "platform-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/", this::route);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void route(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            boolean known = path.equals("/") || path.equals("/health") || path.equals("/api/v1/stats")
                    || path.equals("/api/v1/events");
            if (!known) {
                problem(exchange, 404, "Not Found", "NOT_FOUND", "no resource at " + path);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                problem(exchange, 405, "Method Not Allowed", "METHOD_NOT_ALLOWED", method + " is not supported");
            } else {
                switch (path) {
                    case "/" -> send(exchange, 200, "text/html; charset=utf-8", dashboard);
                    case "/health" -> health(exchange);
                    case "/api/v1/stats" -> json(exchange, 200, store.stats());
                    default -> events(exchange);
                }
            }
        } catch (SQLException e) {
            LOG.warn("database error on {}: {}", exchange.getRequestURI(), e.toString());
            problem(exchange, 503, "Service Unavailable", "DATABASE_UNAVAILABLE", "the database is not reachable");
        } catch (RuntimeException e) {
            LOG.error("failure on {}", exchange.getRequestURI(), e);
            problem(exchange, 500, "Internal Server Error", "INTERNAL_ERROR", "unexpected error");
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        boolean db = store.isReachable();
        boolean consumer = consumerAlive.getAsBoolean();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", db && consumer ? "UP" : "DOWN");
        body.put("database", db ? "UP" : "DOWN");
        body.put("consumer", consumer ? "UP" : "DOWN");
        json(exchange, db && consumer ? 200 : 503, body);
    }

    private void events(HttpExchange exchange) throws IOException, SQLException {
        String orderId = queryParameter(exchange.getRequestURI().getRawQuery(), "orderId");
        if (orderId == null || !orderId.matches("\\d{1,18}") || Long.parseLong(orderId) == 0) {
            problem(exchange, 400, "Bad Request", "VALIDATION_FAILED", "orderId must be a positive integer");
            return;
        }
        List<String> payloads = store.eventsOfOrder(Long.parseLong(orderId));
        // The payloads are stored exactly as received and were validated as single JSON objects.
        String body = "{\"items\":[" + String.join(",", payloads) + "]}";
        send(exchange, 200, JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void problem(HttpExchange exchange, int status, String title, String code, String detail)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        send(exchange, status, PROBLEM, MAPPER.writeValueAsBytes(body));
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        send(exchange, status, JSON, bytes);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PlatformHttp.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        server.stop(1);
        workers.shutdownNow();
    }
}
