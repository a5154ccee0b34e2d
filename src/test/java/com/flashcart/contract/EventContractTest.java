package com.flashcart.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.flashcart.order.LineItem;
import com.flashcart.order.OrderCancelled;
import com.flashcart.payment.PaymentCompleted;

/**
 * The event records payment and order publish (and ranking reads) carry every field docs/api.md gives the events,
 * with the contract's types; the data platform's build checks its own reading against the same document
 * (data-platform's EventContractTest). Extensions beyond the contract are allowed; a missing field is not.
 */
@Tag("unit")
class EventContractTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** The field names of the PaymentCompleted value, and of its items, as docs/api.md writes them. */
    static Contract contract() throws IOException {
        String api = Files.readString(Path.of("docs/api.md"));
        Matcher line = Pattern.compile("`\\{\"eventId\"[^`]*\"type\":\"PaymentCompleted\"[^`]*}`").matcher(api);
        assertTrue(line.find(), "docs/api.md gives the PaymentCompleted value");
        String value = line.group();
        int items = value.indexOf("\"items\":[");
        Set<String> top = names(value.substring(0, items) + "\"items\"");
        Set<String> item = names(value.substring(items + "\"items\":[".length()));
        return new Contract(top, item);
    }

    record Contract(Set<String> paymentCompleted, Set<String> item) {
        /** "likewise with type OrderCancelled and refundedAmount": the envelope and the items, plus the refund. */
        Set<String> orderCancelled() {
            Set<String> fields = new TreeSet<>(Set.of("eventId", "type", "occurredAt", "orderId", "userId", "items"));
            fields.add("refundedAmount");
            return fields;
        }
    }

    private static Set<String> names(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher name = Pattern.compile("\"([A-Za-z]+)\"(?!\\s*[A-Za-z<])").matcher(text);
        while (name.find()) {
            if (!name.group(1).equals("PaymentCompleted")) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    @Test
    void theContractIsReadable() throws IOException {
        Contract contract = contract();
        assertEquals(Set.of("eventId", "type", "occurredAt", "orderId", "userId", "paymentId", "paidAmount",
                "discountAmount", "items"), contract.paymentCompleted());
        assertEquals(Set.of("productId", "quantity", "unitPrice"), contract.item());
    }

    @Test
    void paymentCompletedCarriesEveryContractField() throws IOException {
        Contract contract = contract();
        JsonNode event = JSON.valueToTree(PaymentCompleted.of(Instant.parse("2030-01-01T00:00:00Z"), 1, 2, 3, 400, 0,
                List.of(new LineItem(5, 6, 7))));
        assertFields(contract.paymentCompleted(), event);
        assertFields(contract.item(), event.get("items").get(0));
        assertEquals("PaymentCompleted", event.get("type").asText());
        assertEquals("2030-01-01T00:00:00Z", event.get("occurredAt").asText());
    }

    @Test
    void orderCancelledCarriesEveryContractField() throws IOException {
        Contract contract = contract();
        JsonNode event = JSON.valueToTree(OrderCancelled.of(Instant.parse("2030-01-01T00:00:00Z"), 1, 2, 400, 3L,
                Instant.parse("2029-12-31T00:00:00Z"), List.of(new LineItem(5, 6, 7))));
        assertFields(contract.orderCancelled(), event);
        assertFields(contract.item(), event.get("items").get(0));
        assertEquals("OrderCancelled", event.get("type").asText());
    }

    private static void assertFields(Set<String> expected, JsonNode node) {
        Set<String> missing = new TreeSet<>(expected);
        node.fieldNames().forEachRemaining(missing::remove);
        assertEquals(Set.of(), missing, "fields of " + node);
    }
}
