package com.flashcart.coupon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.flashcart.coupon.CouponRedemption.Discount;

/** Discount arithmetic (shared/API.md, "Coupons"): RATE rounds down to the won, FIXED never exceeds the total. */
@Tag("unit")
class DiscountTest {

    @Test
    void rateIsAPercentageRoundedDown() {
        assertEquals(333, new Discount(DiscountType.RATE, 10).on(3_339));
        assertEquals(0, new Discount(DiscountType.RATE, 1).on(99));
        assertEquals(3_339, new Discount(DiscountType.RATE, 100).on(3_339));
    }

    @Test
    void fixedIsAtMostTheTotal() {
        assertEquals(1_000, new Discount(DiscountType.FIXED, 1_000).on(5_000));
        assertEquals(700, new Discount(DiscountType.FIXED, 1_000).on(700));
        assertEquals(0, new Discount(DiscountType.FIXED, 1_000).on(0));
    }

    @Test
    void aDiscountNeverExceedsTheTotalNorGoesNegative() {
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            long total = random.nextLong(50 * 1_000L * 1_000_000_000L);
            Discount discount = random.nextBoolean() ? new Discount(DiscountType.RATE, 1 + random.nextInt(100))
                    : new Discount(DiscountType.FIXED, 1 + random.nextLong(100_000_000));
            long off = discount.on(total);
            assertTrue(off >= 0 && off <= total, discount + " on " + total + " = " + off);
        }
    }

    @Test
    void anOverflowIsAnErrorNotAWrongPrice() {
        assertThrows(ArithmeticException.class, () -> new Discount(DiscountType.RATE, 100).on(Long.MAX_VALUE / 10));
    }
}
