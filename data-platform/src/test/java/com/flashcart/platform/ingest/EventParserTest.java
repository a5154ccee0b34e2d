package com.flashcart.platform.ingest;

import com.flashcart.platform.ingest.PlatformEvent.Item;
import com.flashcart.platform.ingest.PlatformEvent.OrderCancelled;
import com.flashcart.platform.ingest.PlatformEvent.PaymentCompleted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventParserTest {

    @Test
    void readsAPaymentCompletedEventOfTheContract() throws Exception {
        String value = "{\"eventId\":\"e-1\",\"type\":\"PaymentCompleted\",\"occurredAt\":\"2026-11-26T01:02:03.456Z\","
                + "\"orderId\":1,\"userId\":2,\"paymentId\":3,\"paidAmount\":1000,\"discountAmount\":0,"
                + "\"items\":[{\"productId\":5,\"quantity\":2,\"unitPrice\":500}]}";

        PaymentCompleted event = assertInstanceOf(PaymentCompleted.class, EventParser.parse(value));

        assertEquals("e-1", event.eventId());
        assertEquals(Instant.parse("2026-11-26T01:02:03.456Z"), event.occurredAt());
        assertEquals(1, event.orderId());
        assertEquals(1000, event.paidAmount());
        assertEquals(List.of(new Item(5, 2)), event.items());
        assertEquals(value, event.rawJson());
    }

    @Test
    void readsAnOrderCancelledEventWithExtraFieldsAndAZeroRefund() throws Exception {
        String value = "{\"eventId\":\"e-2\",\"type\":\"OrderCancelled\",\"occurredAt\":\"2026-11-26T10:02:03+09:00\","
                + "\"orderId\":1,\"userId\":2,\"refundedAmount\":0,\"paymentId\":null,\"items\":[]}";

        OrderCancelled event = assertInstanceOf(OrderCancelled.class, EventParser.parse(value));

        assertEquals(0, event.refundedAmount());
        assertEquals(Instant.parse("2026-11-26T01:02:03Z"), event.occurredAt());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "garbage", "[]", "{}", "{\"a\":1} trailing",
        "{\"eventId\":\"e\",\"type\":\"Nope\",\"occurredAt\":\"2026-11-26T01:02:03Z\",\"orderId\":1}",
        "{\"eventId\":\"e\",\"type\":\"OrderCancelled\",\"occurredAt\":\"yesterday\",\"orderId\":1,\"refundedAmount\":0}",
        "{\"eventId\":\"e\",\"type\":\"OrderCancelled\",\"occurredAt\":\"2026-11-26T01:02:03Z\",\"orderId\":\"x\",\"refundedAmount\":0}",
        "{\"eventId\":\"e\",\"type\":\"OrderCancelled\",\"occurredAt\":\"2026-11-26T01:02:03Z\",\"orderId\":1,\"refundedAmount\":-5}",
        "{\"eventId\":\"e\",\"type\":\"PaymentCompleted\",\"occurredAt\":\"2026-11-26T01:02:03Z\",\"orderId\":1,\"paidAmount\":5}",
        "{\"eventId\":\"e\",\"type\":\"PaymentCompleted\",\"occurredAt\":\"2026-11-26T01:02:03Z\",\"orderId\":1,\"paidAmount\":5,\"items\":[{\"productId\":1,\"quantity\":1.5}]}",
        "{\"eventId\":12,\"type\":\"PaymentCompleted\",\"occurredAt\":\"2026-11-26T01:02:03Z\",\"orderId\":1,\"paidAmount\":5,\"items\":[]}"
    })
    void rejectsWhatIsNotAnEventOfTheContract(String value) {
        assertThrows(MalformedEventException.class, () -> EventParser.parse(value));
    }
}
