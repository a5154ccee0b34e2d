package com.flashcart.platform.store;

import java.util.List;

/** The figures of {@code GET /api/v1/stats}; money in won. */
public record PlatformStats(
        long eventsReceived,
        long duplicatesDropped,
        long malformed,
        long paidOrders,
        long revenue,
        long refunds,
        List<ProductQuantity> topProducts,
        List<MinuteFigures> perMinute) {

    public record ProductQuantity(long productId, long quantity) {
    }

    /** One UTC minute of {@code occurredAt}, e.g. {@code 2026-11-26T01:02:00Z}. */
    public record MinuteFigures(String minute, long paidOrders, long revenue, long refunds) {
    }
}
