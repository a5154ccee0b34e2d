package com.flashcart.order;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An order as the API answers it (shared/API.md, "Orders and payment"), plus {@code userCouponId},
 * {@code paidAt} and {@code cancelledAt}, absent when empty.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderDetails(long id, String status, List<Item> items, long totalAmount, long discountAmount,
        long payAmount, Long userCouponId, Instant createdAt, Instant expiresAt, Instant paidAt, Instant cancelledAt) {

    public record Item(long productId, String name, long unitPrice, int quantity) {
    }
}
