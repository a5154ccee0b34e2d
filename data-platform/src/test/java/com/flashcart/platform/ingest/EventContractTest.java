package com.flashcart.platform.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The platform reads the events exactly as the service's contract, docs/api.md, writes them: an event built from the
 * document's own field list (and nothing else) is read, with its values. The service checks its event records
 * against the same document (its EventContractTest), so both sides agree through it.
 */
class EventContractTest {

    private static final Path API = Path.of("..", "docs", "api.md");

    private static Set<String> paymentCompletedFields() throws IOException {
        Matcher line = Pattern.compile("`\\{\"eventId\"[^`]*\"type\":\"PaymentCompleted\"[^`]*}`")
                .matcher(Files.readString(API));
        assertTrue(line.find(), "docs/api.md gives the PaymentCompleted value");
        Set<String> names = new LinkedHashSet<>();
        Matcher name = Pattern.compile("\"([A-Za-z]+)\"(?!\\s*[A-Za-z<])").matcher(line.group());
        while (name.find()) {
            if (!name.group(1).equals("PaymentCompleted")) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    /** A value with each field the document names, filled by name. */
    private static String sample(Set<String> fields, String type) {
        StringBuilder json = new StringBuilder("{");
        for (String field : fields) {
            String value = switch (field) {
                case "eventId" -> "\"4a7c0b0e-6c2f-4d57-9b0a-1f2e3d4c5b6a\"";
                case "type" -> "\"" + type + "\"";
                case "occurredAt" -> "\"2030-01-01T00:00:00Z\"";
                case "items" -> "[{\"productId\":5,\"quantity\":6,\"unitPrice\":7}]";
                case "productId", "quantity", "unitPrice" -> null;
                default -> "11";
            };
            if (value != null) {
                json.append(json.length() > 1 ? "," : "").append('"').append(field).append("\":").append(value);
            }
        }
        return json.append('}').toString();
    }

    @Test
    void aPaymentCompletedWithTheContractsFieldsIsRead() throws Exception {
        Set<String> fields = paymentCompletedFields();
        assertTrue(fields.containsAll(List.of("eventId", "type", "occurredAt", "orderId", "paidAmount", "items",
                "productId", "quantity", "unitPrice")), fields.toString());
        PlatformEvent event = EventParser.parse(sample(fields, "PaymentCompleted"));
        PlatformEvent.PaymentCompleted paid = assertInstanceOf(PlatformEvent.PaymentCompleted.class, event);
        assertEquals(11, paid.orderId());
        assertEquals(11, paid.paidAmount());
        assertEquals(List.of(new PlatformEvent.Item(5, 6)), paid.items());
    }

    @Test
    void anOrderCancelledLikewiseWithRefundedAmountIsRead() throws Exception {
        Set<String> fields = new LinkedHashSet<>(List.of("eventId", "type", "occurredAt", "orderId", "userId", "items",
                "refundedAmount"));
        PlatformEvent.OrderCancelled cancelled = assertInstanceOf(PlatformEvent.OrderCancelled.class,
                EventParser.parse(sample(fields, "OrderCancelled")));
        assertEquals(11, cancelled.refundedAmount());
    }
}
