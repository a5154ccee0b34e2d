package com.flashcart.order;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An order as the API answers it (shared/API.md, "Orders and payment"), plus {@code userCouponId},
 * {@code paidAt} and {@code cancelledAt}, absent when empty.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record OrderDetails(long id, String status, List<Item> items, long totalAmount, long discountAmount,
        long payAmount, Long userCouponId, Instant createdAt, Instant expiresAt, Instant paidAt, Instant cancelledAt) {

    @RegisterForReflection
    public record Item(long productId, String name, long unitPrice, int quantity) {
    }
}
