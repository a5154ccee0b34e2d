package com.flashcart.ranking;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.flashcart.order.LineItem;
import com.flashcart.order.OrderCancelled;
import com.flashcart.payment.PaymentCompleted;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;

/**
 * Feeds the ranking from the payment events (consumer group {@code flashcart-ranking}), read as the record types
 * their owners publish: {@link PaymentCompleted} adds the units to the day of the payment, {@link OrderCancelled}
 * of a paid order takes them back from that same day ({@code paidAt}). Never fails the channel: an event that
 * cannot be counted because Redis is away is acknowledged and the ranking is rebuilt from the database once Redis
 * answers again, which counts it.
 */
@ApplicationScoped
public class SalesEventsConsumer {

    private static final Logger LOG = Logger.getLogger(SalesEventsConsumer.class);
    private static final int ATTEMPTS = 50;
    private static final Duration PAUSE = Duration.ofMillis(200);

    @Inject
    DailySales sales;

    @Inject
    RankingRebuild rebuild;

    @Inject
    ObjectMapper json;

    private final AtomicBoolean rebuildOwed = new AtomicBoolean();

    @Incoming("ranking-payments")
    @Blocking
    public void paymentCompleted(String value) {
        DailySales.Sale sale;
        try {
            PaymentCompleted event = json.readValue(value, PaymentCompleted.class);
            require(event.eventId() != null && event.occurredAt() != null && event.items() != null);
            sale = new DailySales.Sale(event.eventId(), event.orderId(), false, event.occurredAt(), units(event.items()));
        } catch (Exception e) {
            LOG.errorf("Ranking: event dropped, not a PaymentCompleted (%s): %s", e.toString(), value);
            return;
        }
        count(sale);
    }

    @Incoming("ranking-cancellations")
    @Blocking
    public void orderCancelled(String value) {
        OrderCancelled event;
        try {
            event = json.readValue(value, OrderCancelled.class);
            require(event.eventId() != null && event.items() != null);
        } catch (Exception e) {
            LOG.errorf("Ranking: event dropped, not an OrderCancelled (%s): %s", e.toString(), value);
            return;
        }
        if (event.paymentId() == null || event.paidAt() == null) {
            return; // cancelled before payment: it never counted
        }
        count(new DailySales.Sale(event.eventId(), event.orderId(), true, event.paidAt(), units(event.items())));
    }

    void count(DailySales.Sale sale) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                switch (sales.count(sale)) {
                    case COUNTED, DUPLICATE -> {
                        return;
                    }
                    // the rebuild reads every committed order, this one included, and marks it counted
                    case NOT_BUILT -> rebuild.rebuildSoon();
                    case REBUILDING -> {
                    }
                }
            } catch (RuntimeException e) {
                LOG.debugf("Ranking: event %s not counted yet: %s", sale.eventId(), e.toString());
            }
            pause();
        }
        LOG.warnf("Ranking: event %s not counted (Redis unavailable); a rebuild from the database will count it",
                sale.eventId());
        rebuildOwed.set(true);
    }

    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void payOwedRebuild() {
        if (rebuildOwed.get()) {
            try {
                rebuild.rebuild();
                rebuildOwed.set(false);
            } catch (RuntimeException e) {
                LOG.warnf("Ranking rebuild still not possible, retried in 10 s: %s", e.toString());
            }
        }
    }

    private static Map<Long, Integer> units(List<LineItem> items) {
        Map<Long, Integer> units = new LinkedHashMap<>();
        for (LineItem item : items) {
            units.merge(item.productId(), item.quantity(), Integer::sum);
        }
        return units;
    }

    private static void require(boolean valid) {
        if (!valid) {
            throw new IllegalArgumentException("missing eventId, time or items");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
