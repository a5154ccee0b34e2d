package com.flashcart.platform.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.flashcart.platform.ingest.PlatformEvent.Item;
import com.flashcart.platform.ingest.PlatformEvent.OrderCancelled;
import com.flashcart.platform.ingest.PlatformEvent.PaymentCompleted;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Turns a Kafka message value into a {@link PlatformEvent}, or says precisely why it is not one. */
public final class EventParser {

    static final int MAX_VALUE_CHARS = 64 * 1024;
    private static final int MAX_EVENT_ID_CHARS = 64;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private EventParser() {
    }

    public static PlatformEvent parse(String value) throws MalformedEventException {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("empty value");
        }
        if (value.length() > MAX_VALUE_CHARS) {
            throw new MalformedEventException("value longer than " + MAX_VALUE_CHARS + " characters");
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEventException("not a JSON object");
        }
        String eventId = text(root, "eventId");
        if (eventId.length() > MAX_EVENT_ID_CHARS) {
            throw new MalformedEventException("eventId longer than " + MAX_EVENT_ID_CHARS + " characters");
        }
        String type = text(root, "type");
        Instant occurredAt = instant(root, "occurredAt");
        long orderId = positive(root, "orderId");
        return switch (type) {
            case "PaymentCompleted" -> new PaymentCompleted(eventId, occurredAt, orderId,
                    nonNegative(root, "paidAmount"), items(root), value);
            case "OrderCancelled" -> new OrderCancelled(eventId, occurredAt, orderId,
                    nonNegative(root, "refundedAmount"), value);
            default -> throw new MalformedEventException("unknown type '" + type + "'");
        };
    }

    /** The items of a PaymentCompleted event stored earlier by this platform. */
    public static List<Item> itemsOf(String storedPaymentCompleted) throws MalformedEventException {
        if (parse(storedPaymentCompleted) instanceof PaymentCompleted paid) {
            return paid.items();
        }
        throw new MalformedEventException("not a PaymentCompleted event");
    }

    private static List<Item> items(JsonNode root) throws MalformedEventException {
        JsonNode items = root.get("items");
        if (items == null || !items.isArray()) {
            throw new MalformedEventException("items is missing or not an array");
        }
        List<Item> result = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw new MalformedEventException("an item is not an object");
            }
            result.add(new Item(positive(item, "productId"), positive(item, "quantity")));
        }
        return List.copyOf(result);
    }

    private static String text(JsonNode node, String field) throws MalformedEventException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new MalformedEventException(field + " is missing or not a string");
        }
        return value.asText();
    }

    private static long positive(JsonNode node, String field) throws MalformedEventException {
        long value = integer(node, field);
        if (value <= 0) {
            throw new MalformedEventException(field + " must be positive");
        }
        return value;
    }

    private static long nonNegative(JsonNode node, String field) throws MalformedEventException {
        long value = integer(node, field);
        if (value < 0) {
            throw new MalformedEventException(field + " must not be negative");
        }
        return value;
    }

    private static long integer(JsonNode node, String field) throws MalformedEventException {
        JsonNode value = node.get(field);
        if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value != null && value.isTextual() && value.asText().matches("-?\\d{1,18}")) {
            return Long.parseLong(value.asText());
        }
        throw new MalformedEventException(field + " is missing or not an integer");
    }

    /** ISO-8601 with an offset; a timestamp without one is taken as UTC. */
    private static Instant instant(JsonNode node, String field) throws MalformedEventException {
        String text = text(node, field);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new MalformedEventException(field + " is not an ISO-8601 timestamp");
            }
        }
    }
}
