package com.flashcart.ranking;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;

/**
 * Feeds the ranking from the payment events (consumer group {@code flashcart-ranking}): PaymentCompleted adds
 * the units to the day of the payment, OrderCancelled of a paid order takes them back from that same day
 * ({@code paidAt}). Never fails the channel: an event that cannot be counted because Redis is away is
 * acknowledged and the ranking is rebuilt from the database once Redis answers again, which counts it.
 */
@ApplicationScoped
public class SalesEventsConsumer {

    private static final Logger LOG = Logger.getLogger(SalesEventsConsumer.class);
    private static final int ATTEMPTS = 50;
    private static final Duration PAUSE = Duration.ofMillis(200);

    @Inject
    SalesRanking ranking;

    @Inject
    ObjectMapper json;

    private final AtomicBoolean rebuildOwed = new AtomicBoolean();

    @Incoming("ranking-payments")
    @Blocking
    public void paymentCompleted(String value) {
        handle(value, false);
    }

    @Incoming("ranking-cancellations")
    @Blocking
    public void orderCancelled(String value) {
        handle(value, true);
    }

    void handle(String value, boolean cancellation) {
        SalesRanking.Sale sale;
        try {
            sale = parse(value, cancellation);
        } catch (RuntimeException e) {
            LOG.errorf("Ranking: event dropped, not in the contract's format (%s): %s", e.toString(), value);
            return;
        }
        if (sale == null) {
            return;
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                switch (ranking.count(sale)) {
                    case COUNTED, DUPLICATE -> {
                        return;
                    }
                    case NOT_BUILT -> ranking.ensureBuilt();
                    case REBUILDING -> pause();
                }
            } catch (RuntimeException e) {
                LOG.debugf("Ranking: event %s not counted yet: %s", sale.eventId(), e.toString());
                pause();
            }
        }
        LOG.warnf("Ranking: event %s not counted (Redis unavailable); a rebuild from the database will count it",
                sale.eventId());
        rebuildOwed.set(true);
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void payOwedRebuild() {
        if (rebuildOwed.get()) {
            try {
                ranking.rebuild();
                rebuildOwed.set(false);
            } catch (RuntimeException e) {
                LOG.debugf("Ranking rebuild still not possible: %s", e.toString());
            }
        }
    }

    /** The sale an event stands for, or null for one that changes no ranking (a cancellation before payment). */
    SalesRanking.Sale parse(String value, boolean cancellation) {
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON", e);
        }
        String eventId = event.path("eventId").asText(null);
        if (eventId == null || eventId.isBlank() || !event.path("orderId").canConvertToLong()) {
            throw new IllegalArgumentException("no eventId or orderId");
        }
        JsonNode paidAt = cancellation ? event.path("paidAt") : event.path("occurredAt");
        if (cancellation && (event.path("paymentId").isNull() || event.path("paymentId").isMissingNode()
                || paidAt.isNull() || paidAt.isMissingNode())) {
            return null;
        }
        Map<Long, Integer> units = new LinkedHashMap<>();
        for (JsonNode item : event.path("items")) {
            units.merge(item.path("productId").asLong(), item.path("quantity").asInt(), Integer::sum);
        }
        return new SalesRanking.Sale(eventId, event.path("orderId").asLong(), cancellation, Instant.parse(paidAt.asText()),
                units);
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
