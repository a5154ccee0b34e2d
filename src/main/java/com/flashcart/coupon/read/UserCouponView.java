package com.flashcart.coupon.read;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** A user's coupon as their coupon list shows it, read from the replica unless the user just wrote. */
@Entity(name = "UserCouponView")
@Table(name = "user_coupon")
@Immutable
public class UserCouponView {

    @Id
    public Long id;

    @Column(name = "coupon_id")
    public long couponId;

    @Column(name = "user_id")
    public long userId;

    public String status;

    @Column(name = "expires_at")
    public Instant expiresAt;
}
