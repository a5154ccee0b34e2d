package com.flashcart.coupon.rest;

import java.time.Instant;

import com.flashcart.coupon.Coupons;
import com.flashcart.coupon.DiscountType;

/** A coupon: {@code GET /api/v1/coupons/{id}} and the answer to the admin's create. */
public record CouponResponse(long id, String name, DiscountType discountType, long discountValue, int totalQuantity,
        int issuedQuantity, Instant validFrom, Instant validUntil) {

    static CouponResponse of(Coupons.CouponData c) {
        return new CouponResponse(c.id(), c.name(), c.discountType(), c.discountValue(), c.totalQuantity(),
                c.issuedQuantity(), c.validFrom(), c.validUntil());
    }
}
