package com.flashcart.coupon;

/** FIXED takes a number of won off the order total (at most the total); RATE a percentage 1..100, rounded down. */
public enum DiscountType {
    FIXED,
    RATE
}
