package com.flashcart.coupon;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A coupon held by a user; at most one per (coupon, user), enforced by a unique key. {@code expiresAt} is the
 * coupon's {@code validUntil}. {@code orderId} is set while an order holds it and stays once it is USED.
 */
@Entity
@Table(name = "user_coupon")
public class UserCoupon extends PanacheEntityBase {

    public static final String AVAILABLE = "AVAILABLE";
    public static final String USED = "USED";
    public static final String EXPIRED = "EXPIRED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "coupon_id", nullable = false)
    public long couponId;

    @Column(name = "user_id", nullable = false)
    public long userId;

    @Column(nullable = false, length = 10)
    public String status;

    @Column(name = "order_id")
    public Long orderId;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;
}
